using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace XRay.Data;

/// <summary>
/// Begins segments and subsegments, keeps the current one for each async flow, and sends finished segments to the
/// X-Ray daemon. <see cref="Default"/> is configured from the environment; create one with options for tests and DI.
/// </summary>
public sealed partial class XRayRecorder : IDisposable, IAsyncDisposable
{
    private static readonly Lazy<XRayRecorder> DefaultRecorder = new(CreateDefault);

    private readonly UdpEmitter? emitter;
    private readonly OpenSegments openSegments;
    private readonly ILogger logger;
    private long contextMissingCount;
    private int refusedKinds;

    /// <summary>Creates a recorder; its background sender starts at once.</summary>
    /// <param name="options">Read now: the recorder keeps a frozen copy, so later changes to them have no effect.</param>
    public XRayRecorder(XRayRecorderOptions? options = null)
    {
        Options = (options ?? new XRayRecorderOptions()).Freeze();
        logger = Options.Logger ?? NullLogger.Instance;
        openSegments = new OpenSegments(Options.MaxOpenSegments);
        if (Options.Enabled)
            emitter = new UdpEmitter(Options.DaemonAddress, Options.QueueCapacity, new StreamingPolicy(Options.StreamingThreshold), logger);
    }

    /// <summary>
    /// The process-wide recorder, configured from <c>AWS_XRAY_DAEMON_ADDRESS</c>, <c>AWS_XRAY_CONTEXT_MISSING</c>,
    /// <c>AWS_XRAY_TRACING_NAME</c> and <c>AWS_XRAY_SDK_ENABLED</c>. What it has queued is sent when the process exits.
    /// </summary>
    public static XRayRecorder Default => DefaultRecorder.Value;

    /// <summary>The options the recorder was made with, frozen: setting one throws.</summary>
    public XRayRecorderOptions Options { get; }

    /// <summary>False when tracing is disabled: every call is a no-op.</summary>
    public bool IsEnabled => emitter is not null;

    /// <summary>The segment or subsegment current for this async flow, if any.</summary>
    public Entity? CurrentEntity => TraceContext.Current;

    /// <summary>What the emitter sent, streamed, truncated and dropped, and the open segments let go.</summary>
    public EmitterStatistics Statistics => emitter?.Statistics ?? DisabledStatistics;

    private static EmitterStatistics DisabledStatistics { get; } = new();

    /// <summary>
    /// Begins a segment and makes it current for this async flow until it is disposed. With a header it continues
    /// the caller's trace and obeys its sampling decision; otherwise the sampling rules decide.
    /// </summary>
    /// <param name="name">The service name; <see cref="XRayRecorderOptions.TracingName"/> when null.</param>
    /// <param name="header">The incoming <c>X-Amzn-Trace-Id</c>, when there is one.</param>
    public Segment BeginSegment(string? name = null, TraceHeader? header = null) => BeginSegment(name, header, default);

    /// <summary>Begins a segment for a request that sampling rules can match by host, method and path.</summary>
    /// <param name="name">The service name; <see cref="XRayRecorderOptions.TracingName"/> when null.</param>
    /// <param name="header">The incoming <c>X-Amzn-Trace-Id</c>, when there is one.</param>
    /// <param name="request">What the sampling rules match against.</param>
    public Segment BeginSegment(string? name, TraceHeader? header, SamplingRequest request)
    {
        var cleaned = XRayNames.CleanName(string.IsNullOrWhiteSpace(name) ? Options.TracingName : name, "unnamed-service");
        if (emitter is null)
            return new Segment(this, cleaned, header?.Root ?? TraceId.NewId(), header?.Parent, sampled: false) { IncomingExtra = header?.Extra };

        var sampled = header?.Sampled switch
        {
            SamplingDecision.Sampled => true,
            SamplingDecision.NotSampled => false,
            _ => Options.SamplingRules.ShouldSample(request),
        };
        var segment = new Segment(this, cleaned, header?.Root ?? TraceId.NewId(), header?.Parent, sampled) { IncomingExtra = header?.Extra };
        segment.MakeCurrent();
        if (sampled && openSegments.Add(segment) is { } evicted)
            Evict(evicted);
        return segment;
    }

    /// <summary>
    /// Begins a subsegment under the current entity and makes it current until it is disposed. With no segment the
    /// context-missing strategy applies and a no-op subsegment is returned; in an unsampled trace, too.
    /// </summary>
    public Subsegment BeginSubsegment(string name)
    {
        // The unsampled path returns before any work on the name: it must cost next to nothing.
        if (emitter is null)
            return Subsegment.NoOp;
        var parent = TraceContext.Current;
        if (parent is null)
        {
            ContextMissing(name);
            return Subsegment.NoOp;
        }

        if (!parent.Sampled || parent.StartChild(XRayNames.CleanName(name, "unnamed")) is not { } subsegment)
            return Subsegment.NoOp;
        subsegment.MakeCurrent();
        return subsegment;
    }

    /// <summary>Applies the context-missing strategy for a subsegment that has no segment to go under.</summary>
    internal void ContextMissing(string name)
    {
        switch (Options.ContextMissing)
        {
            case ContextMissingStrategy.RuntimeError:
                throw new ContextMissingException(name);
            case ContextMissingStrategy.LogError:
                if (Interlocked.Increment(ref contextMissingCount) == 1)
                    logger.LogError("X-Ray subsegment '{Name}' was begun with no segment current, so it is not recorded. Begin a segment first (XRayRecorder.BeginSegment). Further occurrences are not logged.", name);
                break;
        }
    }

    /// <summary>
    /// Applies the context-missing strategy for a subsegment whose name is worked out only when it is needed: to
    /// throw, or for the one line logged. Every later occurrence under <c>LOG_ERROR</c> is only counted.
    /// </summary>
    internal void ContextMissing<TState>(TState state, Func<TState, string> name)
    {
        switch (Options.ContextMissing)
        {
            case ContextMissingStrategy.IgnoreError:
                return;
            // A plain read (a long is read whole on 64-bit): this is every untraced command's path.
            case ContextMissingStrategy.LogError when Volatile.Read(ref contextMissingCount) > 0:
                Interlocked.Increment(ref contextMissingCount);
                return;
            default:
                ContextMissing(name(state));
                return;
        }
    }

    /// <summary>How many subsegments were begun with no segment current.</summary>
    public long ContextMissingCount => Interlocked.Read(ref contextMissingCount);

    /// <summary>Hands a document to the sender; <paramref name="live"/> when it holds entities still in progress.</summary>
    internal void Emit(Entity entity, bool streamed, bool live) => emitter?.Enqueue(entity, streamed, live);

    /// <summary>Whether a finished subsegment is sent on its own once the tree holds this many subsegments.</summary>
    internal bool StreamsAt(int subsegmentCount) => emitter?.Streaming.StreamsAt(subsegmentCount) ?? false;

    /// <summary>A sampled segment has ended: it is no longer kept track of as open.</summary>
    internal void SegmentEnded(Segment segment) => openSegments.Remove(segment);

    /// <summary>
    /// Logs the first refused or cleaned value of each kind: a value the X-Ray API or the CloudWatch agent would
    /// refuse, with the whole document, if it were sent as given.
    /// </summary>
    internal void Refused(RefusedInput kind, string detail)
    {
        var bit = 1 << (int)kind;
        if ((Interlocked.Or(ref refusedKinds, bit) & bit) == 0)
            logger.LogWarning("X-Ray cannot send a value as given: {Detail}. Further values of this kind are changed or refused the same way without a log line.", detail);
    }

    /// <summary>Completes when everything ended before the call has been handed to the network.</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default)
        => emitter?.FlushAsync(cancellationToken) ?? Task.CompletedTask;

    /// <summary>
    /// Sends what is queued and, marked in progress, every sampled segment still open (so that a segment never ended
    /// is not lost), then stops the background sender.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (emitter is null)
            return;
        await SendOpenSegmentsAsync().ConfigureAwait(false);
        await emitter.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc cref="DisposeAsync"/>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Sends every listed open segment in progress, waiting for room in the queue rather than dropping.</summary>
    private async Task SendOpenSegmentsAsync()
    {
        foreach (var segment in openSegments.RemoveAll())
            await emitter!.EnqueueWhenRoomAsync(segment, streamed: false, live: true).ConfigureAwait(false);
    }

    /// <summary>At process exit: what is queued and the open segments, in progress, without stopping the sender.</summary>
    private async Task SendOpenSegmentsAndFlushAsync()
    {
        await SendOpenSegmentsAsync().ConfigureAwait(false);
        await FlushAsync().ConfigureAwait(false);
    }

    /// <summary>The oldest open segment past the limit: sent in progress, counted, and let go.</summary>
    private void Evict(Segment segment)
    {
        // Segments begun in one flow and never ended form a chain, each remembering the entity current before it:
        // cut here, the chain holds no more than the listed segments.
        segment.ForgetPrevious();
        var evicted = emitter!.Statistics.OpenSegmentEvicted();
        if (evicted == 1)
            logger.LogWarning("More than {Limit} sampled X-Ray segments are open at once; the oldest is sent in progress and no longer kept track of (counted in Statistics.OpenSegmentsEvicted). Segments begun and never ended (a missing Dispose) cause this; a larger MaxOpenSegments suits a service with that many requests in flight.", Options.MaxOpenSegments);
        emitter.Enqueue(segment, streamed: false, live: true);
    }

    private static XRayRecorder CreateDefault()
    {
        var recorder = new XRayRecorder(XRayRecorderOptions.FromEnvironment(StandardErrorLogger.Instance));
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            // Exit handlers get a few seconds at most; a daemon that is not there must not hold the process.
            try
            {
                recorder.SendOpenSegmentsAndFlushAsync().Wait(TimeSpan.FromSeconds(2));
            }
            catch (AggregateException)
            {
            }
        };
        return recorder;
    }
}
