namespace XRay.Data;

/// <summary>
/// Thrown under <see cref="ContextMissingStrategy.RuntimeError"/> when a subsegment is begun outside any segment.
/// </summary>
public sealed class ContextMissingException : InvalidOperationException
{
    /// <summary>Creates the exception with the default message.</summary>
    public ContextMissingException()
        : this("no name")
    {
    }

    /// <summary>Creates the exception for a named subsegment.</summary>
    public ContextMissingException(string subsegmentName)
        : base($"X-Ray subsegment '{subsegmentName}' was begun with no segment current. Begin a segment first (XRayRecorder.BeginSegment), or set AWS_XRAY_CONTEXT_MISSING=LOG_ERROR or IGNORE_ERROR to run untraced.")
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public ContextMissingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
