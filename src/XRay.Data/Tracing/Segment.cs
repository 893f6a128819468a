namespace XRay.Data;

/// <summary>
/// The work one service does for one request: the root of a trace's entities in this process. It is sent to the
/// daemon when it ends, with any subsegment still open marked in progress; such a subsegment is sent on its own when it
/// ends in turn.
/// </summary>
public sealed class Segment : Entity
{
    private string? user;
    private string? origin;
    private string? serviceVersion;

    internal Segment(XRayRecorder recorder, string name, TraceId traceId, EntityId? parentId, bool sampled, EntityId? id = null)
        : base(name, id ?? EntityId.NewId(), sampled, Clock.NowMicroseconds)
    {
        Recorder = recorder;
        // An unsampled segment is never locked on; it spares the allocation.
        SyncRoot = sampled ? new Lock() : UnusedLock;
        TraceId = traceId;
        ParentId = parentId;
    }

    /// <inheritdoc />
    public override TraceId TraceId { get; }

    /// <summary>
    /// A stand-in for a span another tracer began (an OpenTelemetry Activity): never sent itself, its id is the span's,
    /// and every subsegment under it is sent on its own when it ends, with the span as its parent.
    /// </summary>
    internal static Segment ForSpan(XRayRecorder recorder, TraceId traceId, EntityId spanId)
        => new(recorder, "span", traceId, parentId: null, sampled: true, spanId) { Emitted = true };

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

    /// <summary>Subsegments held in the tree for the segment's document; guarded by <see cref="SyncRoot"/>.</summary>
    internal int SubsegmentCount;

    /// <summary>Set once the segment has ended and been handed to the emitter; guarded by <see cref="SyncRoot"/>.</summary>
    internal bool Emitted;

    /// <summary>The neighbours in the recorder's list of open segments; guarded by that list's lock.</summary>
    internal Segment? OlderOpen;

    /// <inheritdoc cref="OlderOpen"/>
    internal Segment? NewerOpen;

    /// <summary>True while the segment is in the recorder's list of open segments; guarded by that list's lock.</summary>
    internal bool ListedOpen;

    internal override Segment? RootSegment => this;

    private protected override void EndUnsampled() => SetEndForUnsampled();

    /// <summary>Notes a subsegment begun in the tree; called under <see cref="SyncRoot"/>.</summary>
    internal void ChildStarted()
    {
        OpenEntities++;
        if (!Emitted)
            SubsegmentCount++;
    }

    /// <summary>
    /// Decides, under <see cref="SyncRoot"/>, what the end of this segment or of one of its subsegments sends:
    /// <list type="bullet">
    /// <item>the segment's end sends the segment at once, with every subsegment still open marked in progress;</item>
    /// <item>a subsegment that ends after that is sent on its own, replacing its in-progress copy;</item>
    /// <item>before that, a finished subtree is sent on its own once the tree holds more subsegments than the
    /// recorder's streaming threshold, and otherwise waits in the tree for the segment.</item>
    /// </list>
    /// What is sent leaves the tree and is marked sent, so that nothing more can be added under it.
    /// </summary>
    internal Delivery DecideDelivery(Entity ended)
    {
        OpenEntities--;
        if (ended is not Subsegment subsegment)
        {
            Emitted = true;
            return new Delivery(this, Live: !MarkSent(this));
        }

        if (Emitted)
        {
            subsegment.Parent?.DetachChild(subsegment);
            return new Delivery(subsegment, Live: !MarkSent(subsegment));
        }

        if (Recorder.StreamsAt(SubsegmentCount) && IsComplete(subsegment))
        {
            subsegment.Parent?.DetachChild(subsegment);
            SubsegmentCount -= 1 + CountDescendants(subsegment);
            MarkSent(subsegment);
            return new Delivery(subsegment, Live: false);
        }

        return default;
    }

    /// <summary>Hands what <see cref="DecideDelivery"/> chose to the emitter, outside the lock.</summary>
    internal void Deliver(Delivery delivery, Entity ended)
    {
        if (ReferenceEquals(ended, this))
            Recorder.SegmentEnded(this);
        if (delivery.Document is { } document)
            Recorder.Emit(document, streamed: document is Subsegment, delivery.Live);
    }

    /// <summary>
    /// A document to send after an end, if any. <paramref name="Live"/> when it holds entities still in progress,
    /// which the application may change while it is being written: it is then written under the trace's lock.
    /// </summary>
    internal readonly record struct Delivery(Entity? Document, bool Live);

    /// <summary>Marks the ended entities of a subtree as sent; true when none is still in progress.</summary>
    private static bool MarkSent(Entity entity)
    {
        var complete = !entity.InProgress;
        entity.Sent = complete;
        // Indexed rather than enumerated: a segment's end walks every subsegment it holds.
        if (entity.Children is { } children)
        {
            for (var i = 0; i < children.Count; i++)
                complete &= MarkSent(children[i]);
        }

        return complete;
    }

    private static bool IsComplete(Entity entity)
    {
        if (entity.InProgress)
            return false;
        if (entity.Children is { } children)
        {
            for (var i = 0; i < children.Count; i++)
            {
                if (!IsComplete(children[i]))
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
            for (var i = 0; i < children.Count; i++)
                count += 1 + CountDescendants(children[i]);
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
