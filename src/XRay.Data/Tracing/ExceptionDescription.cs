using System.Diagnostics;

namespace XRay.Data;

/// <summary>An exception as X-Ray records it in a <c>cause</c>: id, type, message and a capped stack.</summary>
public sealed class ExceptionDescription
{
    /// <summary>The most stack frames recorded per exception; the rest are counted in <see cref="Truncated"/>.</summary>
    public const int MaxStackFrames = 50;

    private ExceptionDescription(Exception exception, bool remote)
    {
        Exception = exception;
        Id = EntityId.NewId();
        Type = exception.GetType().FullName ?? exception.GetType().Name;
        Message = exception.Message;
        Remote = remote;

        var frames = new StackTrace(exception, fNeedFileInfo: true).GetFrames();
        var kept = Math.Min(frames.Length, MaxStackFrames);
        var stack = new StackFrameDescription[kept];
        for (var i = 0; i < kept; i++)
        {
            var frame = frames[i];
            var method = frame.GetMethod();
            var label = method is null ? "<unknown>" : method.DeclaringType is { } type ? $"{type.FullName}.{method.Name}" : method.Name;
            stack[i] = new StackFrameDescription(frame.GetFileName(), frame.GetFileLineNumber(), label);
        }

        Stack = stack;
        Truncated = frames.Length - kept;
    }

    internal Exception Exception { get; }

    /// <summary>The exception's id within the trace.</summary>
    public EntityId Id { get; }

    /// <summary>The exception type's full name.</summary>
    public string Type { get; }

    /// <summary>The exception's message.</summary>
    public string? Message { get; }

    /// <summary>True when the exception came from a downstream service, such as a database server.</summary>
    public bool Remote { get; }

    /// <summary>The recorded frames, innermost first.</summary>
    public IReadOnlyList<StackFrameDescription> Stack { get; }

    /// <summary>How many stack frames were left out (<c>truncated</c>).</summary>
    public int Truncated { get; }

    /// <summary>
    /// How many exceptions of the chain were left out between this one and its <see cref="Cause"/> (<c>skipped</c>):
    /// a chain deeper than a cause records is described by its outermost and its innermost exceptions.
    /// </summary>
    public int Skipped { get; private set; }

    /// <summary>The id of the exception that caused this one (its inner exception), when recorded.</summary>
    public EntityId? Cause { get; private set; }

    internal static ExceptionDescription Describe(Exception exception, bool remote) => new(exception, remote);

    internal void SetCause(EntityId cause, int skipped)
    {
        Cause = cause;
        Skipped = skipped;
    }
}
