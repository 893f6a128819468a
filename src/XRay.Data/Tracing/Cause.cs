namespace XRay.Data;

/// <summary>
/// The <c>cause</c> of an error or fault: the exceptions recorded on an entity, or a reference to an exception
/// already recorded on one of its subsegments (so one failure bubbling up is described once).
/// </summary>
public sealed class Cause
{
    // The most exceptions recorded from one chain of inner exceptions; deeper chains are rare and add no insight.
    private const int MaxChain = 8;

    private readonly List<ExceptionDescription> exceptions = [];

    internal Cause()
    {
        try
        {
            WorkingDirectory = Directory.GetCurrentDirectory();
        }
        catch (IOException)
        {
            // The directory may have been deleted; the cause is still worth recording without it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The process's working directory when the exception was recorded.</summary>
    public string? WorkingDirectory { get; }

    /// <summary>The recorded exceptions.</summary>
    public IReadOnlyList<ExceptionDescription> Exceptions => exceptions;

    /// <summary>Set instead of <see cref="Exceptions"/> when the exception is already recorded on a subsegment.</summary>
    public EntityId? ReferenceId { get; private set; }

    internal void SetReference(EntityId id) => ReferenceId = id;

    internal void Add(Exception exception, bool remote, Func<Exception, string?>? message = null)
    {
        var chain = new List<Exception>();
        for (var current = exception; current is not null; current = current.InnerException)
            chain.Add(current);

        // A chain too deep keeps its outer exceptions and its root cause; the ones between are counted in skipped.
        var kept = chain.Count <= MaxChain ? chain : [.. chain.Take(MaxChain - 1), chain[^1]];
        var skipped = chain.Count - kept.Count;
        ExceptionDescription? previous = null;
        for (var i = 0; i < kept.Count; i++)
        {
            var description = ExceptionDescription.Describe(kept[i], remote, message);
            previous?.SetCause(description.Id, i == kept.Count - 1 ? skipped : 0);
            exceptions.Add(description);
            previous = description;
        }
    }

    internal ExceptionDescription? Find(Exception exception)
    {
        foreach (var description in exceptions)
        {
            if (ReferenceEquals(description.Exception, exception))
                return description;
        }

        return null;
    }
}
