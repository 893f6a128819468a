namespace XRay.Data;

/// <summary>
/// The work one service does for one request: the root of a trace's entities in this process. It is sent to the
/// daemon once it and every subsegment under it have ended.
/// </summary>
public sealed class Segment : Entity
{
    private string? user;
    private string? origin;
    private string? serviceVersion;

    internal Segment(XRayRecorder recorder, string name, TraceId traceId, EntityId? parentId, bool sampled)
        : base(name, EntityId.NewId(), sampled, Clock.NowMicroseconds)
    {
        Recorder = recorder;
        // An unsampled segment is never locked on; it spares the allocation.
        SyncRoot = sampled ? new Lock() : UnusedLock;
        TraceId = traceId;
        ParentId = parentId;
    }

    /// <inheritdoc />
    public override TraceId TraceId { get; }

    /// <summary>The calling service's entity, from the incoming trace header.</summary>
    public EntityId? ParentId { get; }

    /// <summary>The user of the request, shown in the console and searchable.</summary>
    public string? User
    {
        get => user;
        set => Set(ref user, value);
    }

    /// <summary>The kind of resource running the service, such as <c>AWS::EC2::Instance</c>.</summary>
    public string? Origin
    {
        get => origin;
        set => Set(ref origin, value);
    }

    /// <summary>The version of the service, written as <c>service.version</c>.</summary>
    public string? ServiceVersion
    {
        get => serviceVersion;
        set => Set(ref serviceVersion, value);
    }

    internal XRayRecorder Recorder { get; }

    /// <summary>The keys of the incoming header this library does not interpret (such as <c>Lineage</c>), passed on downstream.</summary>
    internal string? IncomingExtra { get; init; }

    /// <summary>Guards every entity of the trace; one lock per trace keeps parallel traces apart.</summary>
    internal Lock SyncRoot { get; }

    /// <summary>The lock of entities that record nothing and so never take it.</summary>
    internal static Lock UnusedLock { get; } = new();

    /// <summary>This segment and its subsegments that have not ended; guarded by <see cref="SyncRoot"/>.</summary>
    internal int OpenEntities = 1;

    /// <summary>Subsegments in the tree that have not been streamed; guarded by <see cref="SyncRoot"/>.</summary>
    internal int SubsegmentCount;

    /// <summary>Set once the tree has been handed to the emitter; guarded by <see cref="SyncRoot"/>.</summary>
    internal bool Emitted;

    internal override Segment? RootSegment => this;

    private protected override void EndUnsampled() => SetEndForUnsampled();

    /// <summary>
    /// Books the end of this segment or of one of its subsegments, under <see cref="SyncRoot"/>: detaches a finished
    /// subsegment to be streamed when the tree has grown past the streaming threshold, and notes when nothing is left
    /// open so the segment can be sent.
    /// </summary>
    internal EndBooking BookEnd(Subsegment? ended)
    {
        var stream = false;
        if (ended is not null && !Emitted && SubsegmentCount > Recorder.Options.StreamingThreshold && IsComplete(ended))
        {
            ended.Parent?.DetachChild(ended);
            SubsegmentCount -= 1 + CountDescendants(ended);
            stream = true;
        }

        var emit = false;
        if (--OpenEntities == 0 && !Emitted)
        {
            Emitted = true;
            emit = true;
        }

        return new EndBooking(stream, emit);
    }

    /// <summary>Hands what <see cref="BookEnd"/> decided to the emitter, outside the lock.</summary>
    internal void Dispatch(EndBooking booking, Subsegment? ended)
    {
        if (booking.Stream)
            Recorder.Emit(ended!, streamed: true);
        if (booking.Emit)
            Recorder.Emit(this, streamed: false);
    }

    /// <summary>What ending an entity set in motion.</summary>
    internal readonly record struct EndBooking(bool Stream, bool Emit);

    private static bool IsComplete(Entity entity)
    {
        if (entity.InProgress)
            return false;
        if (entity.Children is { } children)
        {
            foreach (var child in children)
            {
                if (!IsComplete(child))
                    return false;
            }
        }

        return true;
    }

    private static int CountDescendants(Entity entity)
    {
        var count = 0;
        if (entity.Children is { } children)
        {
            foreach (var child in children)
                count += 1 + CountDescendants(child);
        }

        return count;
    }

    private void Set(ref string? field, string? value)
    {
        if (!Sampled)
            return;
        lock (SyncRoot)
        {
            if (InProgress)
                field = value;
        }
    }
}
