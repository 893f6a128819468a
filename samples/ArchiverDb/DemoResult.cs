using XRay.Testing;

namespace ArchiverDb;

/// <summary>What a demo run sent and, with the local view, what the daemon would have received.</summary>
/// <param name="Calls">The requests, in order.</param>
/// <param name="Segments">The received segments with their subsegments; empty when sent to a real daemon.</param>
/// <param name="DatagramText">Every received datagram's text.</param>
/// <param name="Rejected">Why datagrams were refused; empty when the emitter is correct.</param>
public sealed record DemoResult(IReadOnlyList<DemoCall> Calls, IReadOnlyList<ReceivedEntity> Segments, string DatagramText, IReadOnlyList<string> Rejected)
{
    /// <summary>Every received segment and subsegment.</summary>
    public IEnumerable<ReceivedEntity> AllEntities() => Segments.SelectMany(segment => segment.DescendantsAndSelf());
}
