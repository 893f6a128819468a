namespace XRay.Testing;

/// <summary>Thrown by <see cref="DaemonReceiver"/> once it has refused a datagram, with every reason.</summary>
public sealed class RejectedDocumentException : InvalidOperationException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public RejectedDocumentException()
        : base("The receiver refused a datagram.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RejectedDocumentException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public RejectedDocumentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal RejectedDocumentException(IReadOnlyList<string> reasons)
        : base($"The X-Ray daemon and the CloudWatch agent would refuse {reasons.Count} datagram(s):{Environment.NewLine}{string.Join(Environment.NewLine, reasons)}")
    {
        Reasons = reasons;
    }

    /// <summary>Why each datagram was refused.</summary>
    public IReadOnlyList<string> Reasons { get; } = [];
}
