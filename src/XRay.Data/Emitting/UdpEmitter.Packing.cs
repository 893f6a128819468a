using Microsoft.Extensions.Logging;

namespace XRay.Data;

internal sealed partial class UdpEmitter
{
    // What a subsegment gains when sent on its own: "type", "trace_id" and "parent_id".
    private const int StreamedOverhead = 110;

    private static readonly int[] TruncationSteps = [8 * 1024, 1024, 128];

    /// <summary>
    /// Sends an entity in as many datagrams as it takes: while the document is over the limit, its largest finished
    /// subsegments are sent as documents of their own; a document still too large has its long strings cut short.
    /// </summary>
    private void Emit(Entity entity, bool streamed)
    {
        var size = serializer.Serialize(entity, streamed).Length;
        while (size > MaxDatagramSize && entity.Children is { Count: > 0 } children)
        {
            StreamLargestChildren(children, size);
            size = serializer.Serialize(entity, streamed).Length;
        }

        if (size <= MaxDatagramSize)
        {
            Send(serializer.Serialize(entity, streamed).Span);
            return;
        }

        foreach (var limit in TruncationSteps)
        {
            var datagram = serializer.Serialize(entity, streamed, limit);
            if (datagram.Length <= MaxDatagramSize)
            {
                Statistics.Truncated();
                Send(datagram.Span);
                return;
            }
        }

        Statistics.TooLarge();
        logger.LogError("X-Ray {Kind} {Name} is larger than a datagram even with its fields truncated; it was dropped.", streamed ? "subsegment" : "segment", entity.Name);
    }

    private void StreamLargestChildren(List<Subsegment> children, int size)
    {
        var sized = new (Subsegment Child, int Size)[children.Count];
        for (var i = 0; i < sized.Length; i++)
            sized[i] = (children[i], serializer.Serialize(children[i], streamed: true).Length);
        Array.Sort(sized, static (a, b) => b.Size.CompareTo(a.Size));

        foreach (var (child, childSize) in sized)
        {
            if (size <= MaxDatagramSize)
                break;
            children.Remove(child);
            size -= childSize - SegmentSerializer.Header.Length - StreamedOverhead;
            Statistics.Streamed();
            Emit(child, streamed: true);
        }
    }
}
