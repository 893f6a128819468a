namespace XRay.Data;

/// <summary>
/// The sampled segments a recorder has begun and not yet ended, oldest first, so that those still open when the
/// recorder is disposed are sent in progress rather than lost. The list is bounded: past its limit the oldest is let
/// go (to be sent in progress by the caller), so segments begun and never ended cannot hold memory without bound.
/// Linked through the segments themselves: adding and removing allocate nothing.
/// </summary>
internal sealed class OpenSegments
{
    private readonly Lock sync = new();
    private readonly int limit;
    private Segment? oldest;
    private Segment? newest;
    private int count;

    public OpenSegments(int limit) => this.limit = limit;

    /// <summary>How many segments are listed.</summary>
    public int Count
    {
        get
        {
            lock (sync)
                return count;
        }
    }

    /// <summary>Lists a segment just begun; returns the oldest one when the list was full, no longer listed.</summary>
    public Segment? Add(Segment segment)
    {
        lock (sync)
        {
            segment.OlderOpen = newest;
            segment.NewerOpen = null;
            if (newest is not null)
                newest.NewerOpen = segment;
            newest = segment;
            oldest ??= segment;
            segment.ListedOpen = true;
            if (++count <= limit)
                return null;
            var evicted = oldest;
            Unlink(evicted);
            return evicted;
        }
    }

    /// <summary>Unlists a segment that has ended; nothing happens when it was not listed.</summary>
    public void Remove(Segment segment)
    {
        lock (sync)
        {
            if (segment.ListedOpen)
                Unlink(segment);
        }
    }

    /// <summary>Unlists and returns every listed segment, oldest first.</summary>
    public List<Segment> RemoveAll()
    {
        var all = new List<Segment>();
        lock (sync)
        {
            while (oldest is { } segment)
            {
                Unlink(segment);
                all.Add(segment);
            }
        }

        return all;
    }

    private void Unlink(Segment segment)
    {
        if (segment.OlderOpen is { } older)
            older.NewerOpen = segment.NewerOpen;
        else
            oldest = segment.NewerOpen;
        if (segment.NewerOpen is { } newer)
            newer.OlderOpen = segment.OlderOpen;
        else
            newest = segment.OlderOpen;
        segment.OlderOpen = null;
        segment.NewerOpen = null;
        segment.ListedOpen = false;
        count--;
    }
}
