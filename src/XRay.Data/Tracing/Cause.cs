namespace XRay.Data;

/// <summary>
/// The <c>cause</c> of an error or fault: the exceptions recorded on an entity, or a reference to an exception
/// already recorded on one of its subsegments (so one failure bubbling up is described once).
/// </summary>
public sealed class Cause
{
    // An exception's chain of inner exceptions is followed this deep; deeper chains are rare and add no insight.
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
        ExceptionDescription? previous = null;
        for (var (current, depth) = (exception, 0); current is not null && depth < MaxChain; current = current.InnerException, depth++)
        {
            var description = ExceptionDescription.Describe(current, remote, message);
            previous?.SetCause(description.Id);
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
