namespace XRay.Data;

/// <summary>
/// What the emitter did, so that nothing it could not deliver goes unnoticed: every document is either sent or
/// counted under one of the reasons here; and the open segments the recorder let go.
/// </summary>
public sealed class EmitterStatistics
{
    private long datagramsSent;
    private long streamedSubsegments;
    private long truncatedDocuments;
    private long droppedQueueFull;
    private long droppedTooLarge;
    private long sendFailures;
    private long openSegmentsEvicted;

    /// <summary>Datagrams handed to the network.</summary>
    public long DatagramsSent => Interlocked.Read(ref datagramsSent);

    /// <summary>
    /// Subsegments sent as documents of their own: past the streaming threshold, to fit a datagram, or on ending after
    /// their segment was sent.
    /// </summary>
    public long StreamedSubsegments => Interlocked.Read(ref streamedSubsegments);

    /// <summary>Documents sent with oversized fields cut short.</summary>
    public long TruncatedDocuments => Interlocked.Read(ref truncatedDocuments);

    /// <summary>Documents dropped because the send queue was full.</summary>
    public long DroppedQueueFull => Interlocked.Read(ref droppedQueueFull);

    /// <summary>Documents dropped because even truncated they did not fit a datagram.</summary>
    public long DroppedTooLarge => Interlocked.Read(ref droppedTooLarge);

    /// <summary>Datagrams the socket refused (no daemon, no route); they are lost.</summary>
    public long SendFailures => Interlocked.Read(ref sendFailures);

    /// <summary>
    /// Segments still open when more than <see cref="XRayRecorderOptions.MaxOpenSegments"/> were: each was sent in
    /// progress and let go. Usually segments begun and never ended.
    /// </summary>
    public long OpenSegmentsEvicted => Interlocked.Read(ref openSegmentsEvicted);

    internal void Sent() => Interlocked.Increment(ref datagramsSent);

    internal void Streamed() => Interlocked.Increment(ref streamedSubsegments);

    internal void Truncated() => Interlocked.Increment(ref truncatedDocuments);

    internal long QueueFull() => Interlocked.Increment(ref droppedQueueFull);

    internal void TooLarge() => Interlocked.Increment(ref droppedTooLarge);

    internal long SendFailed() => Interlocked.Increment(ref sendFailures);

    internal long OpenSegmentEvicted() => Interlocked.Increment(ref openSegmentsEvicted);
}
