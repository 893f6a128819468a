using Microsoft.Extensions.Logging;

namespace XRay.Data;

internal sealed partial class UdpEmitter
{
    /// <summary>
    /// Sends an entity in as many datagrams as it takes, without changing it: while its document is over the limit,
    /// its largest subsegments are sent as documents of their own and left out of it; a document still too large has
    /// fields cut short, metadata first (<see cref="DocumentLimits.Shrinking"/>).
    /// </summary>
    private void Emit(Entity entity, bool streamed)
    {
        var datagram = serializer.Serialize(entity, streamed);
        if (StreamingPolicy.Fits(datagram.Length))
        {
            Send(datagram.Span);
            return;
        }

        HashSet<Entity>? separate = null;
        while (entity.Children is { Count: > 0 } children && (separate is null || separate.Count < children.Count))
        {
            separate ??= [];
            if (!SendSeparately(children, datagram.Length, separate))
                break;
            datagram = serializer.Serialize(entity, streamed, separate: separate);
            if (StreamingPolicy.Fits(datagram.Length))
            {
                Send(datagram.Span);
                return;
            }
        }

        foreach (var limits in DocumentLimits.Shrinking)
        {
            datagram = serializer.Serialize(entity, streamed, limits, separate);
            if (StreamingPolicy.Fits(datagram.Length))
            {
                Statistics.Truncated();
                Send(datagram.Span);
                return;
            }
        }

        Statistics.TooLarge();
        logger.LogError("X-Ray {Kind} {Name} is larger than a datagram even with its fields cut short; it was dropped.", streamed ? "subsegment" : "segment", entity.Name);
    }

    /// <summary>Sends the largest children not yet sent separately until the parent would fit; false when none was left.</summary>
    private bool SendSeparately(List<Subsegment> children, int size, HashSet<Entity> separate)
    {
        var candidates = new List<(Subsegment Child, int Size)>();
        foreach (var child in children)
        {
            if (!separate.Contains(child))
                candidates.Add((child, serializer.Serialize(child, streamed: true).Length));
        }

        if (candidates.Count == 0)
            return false;
        var chosen = new HashSet<Entity>();
        StreamingPolicy.ChooseSeparate(size, candidates, chosen);
        if (chosen.Count == 0)
            chosen.Add(candidates[0].Child);
        foreach (var (child, _) in candidates)
        {
            if (!chosen.Contains(child))
                continue;
            separate.Add(child);
            Statistics.Streamed();
            Emit(child, streamed: true);
        }

        return true;
    }
}
