namespace XRay.Data;

/// <summary>
/// A unit of work inside a segment: a database command, an outgoing call, or a block of code worth timing.
/// </summary>
public sealed class Subsegment : Entity
{
    private readonly Segment? root;

    private Subsegment()
        : base("noop", default, sampled: false, startMicroseconds: 0)
    {
    }

    internal Subsegment(string name, Segment root, Entity parent, long startMicroseconds)
        : base(name, EntityId.NewId(), sampled: true, startMicroseconds)
    {
        this.root = root;
        Parent = parent;
    }

    /// <summary>
    /// The subsegment handed out when nothing is recorded (no segment, an unsampled trace, tracing disabled):
    /// one shared instance on which every call does nothing.
    /// </summary>
    internal static Subsegment NoOp { get; } = new();

    /// <inheritdoc />
    public override TraceId TraceId => root?.TraceId ?? default;

    /// <summary>The segment or subsegment this one was begun under.</summary>
    public Entity? Parent { get; }

    /// <inheritdoc />
    public override TraceHeader? TraceHeader => root is null ? null : base.TraceHeader;

    internal override Segment? RootSegment => root;
}
