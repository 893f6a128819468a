namespace XRay.Data;

/// <summary>
/// The one place that decides what is sent on its own rather than inside its parent's document: a finished subsegment
/// once its segment's tree holds more subsegments than the threshold (so a long-running segment neither grows without
/// bound nor waits to be sent), and, for a document that would not fit in a datagram, its largest subsegments.
/// </summary>
internal sealed class StreamingPolicy
{
    /// <summary>The largest UDP payload over IPv4; the daemon's 64 KiB read buffer is larger, so this is the limit.</summary>
    public const int MaxDatagramSize = 65_507;

    // What a subsegment gains when sent on its own: "type", "trace_id" and "parent_id".
    private const int StreamedOverhead = 110;

    public StreamingPolicy(int threshold) => Threshold = threshold;

    /// <summary>Subsegments a segment's tree holds before finished ones are sent on their own.</summary>
    public int Threshold { get; }

    /// <summary>Whether a subsegment that has just finished, with all its descendants, is sent on its own now.</summary>
    public bool StreamsAt(int subsegmentCount) => subsegmentCount > Threshold;

    /// <summary>Whether a datagram of this size can be sent whole.</summary>
    public static bool Fits(int datagramSize) => datagramSize <= MaxDatagramSize;

    /// <summary>
    /// Chooses, largest first, the children to send on their own until the parent's document would fit: each one sent
    /// separately takes its size out of the parent's, less what it gains as a document of its own.
    /// </summary>
    /// <param name="size">The parent's datagram size with every child inside.</param>
    /// <param name="children">Each child with the size of its own datagram.</param>
    /// <param name="separate">Receives the children to send separately.</param>
    public static void ChooseSeparate(int size, List<(Subsegment Child, int Size)> children, HashSet<Entity> separate)
    {
        children.Sort(static (a, b) => b.Size.CompareTo(a.Size));
        foreach (var (child, childSize) in children)
        {
            if (Fits(size))
                return;
            separate.Add(child);
            size -= childSize - SegmentSerializer.Header.Length - StreamedOverhead;
        }
    }
}
