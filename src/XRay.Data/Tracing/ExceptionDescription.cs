using System.Diagnostics;

namespace XRay.Data;

/// <summary>An exception as X-Ray records it in a <c>cause</c>: id, type, message and a capped stack.</summary>
public sealed class ExceptionDescription
{
    /// <summary>The most stack frames recorded per exception; the rest are counted in <see cref="Truncated"/>.</summary>
    public const int MaxStackFrames = 50;

    private ExceptionDescription(Exception exception, bool remote, Func<Exception, string?>? message)
    {
        Exception = exception;
        Id = EntityId.NewId();
        Type = exception.GetType().FullName ?? exception.GetType().Name;
        Message = message is null ? exception.Message : Select(message, exception);
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

    /// <summary>The recorded message: the exception's own, or what the recording chose instead; null for none.</summary>
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

    internal static ExceptionDescription Describe(Exception exception, bool remote, Func<Exception, string?>? message = null)
        => new(exception, remote, message);

    internal void SetCause(EntityId cause, int skipped)
    {
        Cause = cause;
        Skipped = skipped;
    }

    private static string? Select(Func<Exception, string?> message, Exception exception)
    {
        try
        {
            return message(exception);
        }
#pragma warning disable CA1031 // A selector that fails records no message rather than the one it was meant to replace.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }
}
