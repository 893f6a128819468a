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
    private readonly ILogger logger;
    private long contextMissingCount;

    /// <summary>Creates a recorder; its background sender starts at once.</summary>
    public XRayRecorder(XRayRecorderOptions? options = null)
    {
        Options = options ?? new XRayRecorderOptions();
        logger = Options.Logger ?? NullLogger.Instance;
        if (Options.Enabled)
            emitter = new UdpEmitter(Options.DaemonAddress, Options.QueueCapacity, logger);
    }

    /// <summary>
    /// The process-wide recorder, configured from <c>AWS_XRAY_DAEMON_ADDRESS</c>, <c>AWS_XRAY_CONTEXT_MISSING</c>,
    /// <c>AWS_XRAY_TRACING_NAME</c> and <c>AWS_XRAY_SDK_ENABLED</c>. What it has queued is sent when the process exits.
    /// </summary>
    public static XRayRecorder Default => DefaultRecorder.Value;

    /// <summary>The options the recorder was made with.</summary>
    public XRayRecorderOptions Options { get; }

    /// <summary>False when tracing is disabled: every call is a no-op.</summary>
    public bool IsEnabled => emitter is not null;

    /// <summary>The segment or subsegment current for this async flow, if any.</summary>
    public Entity? CurrentEntity => TraceContext.Current;

    /// <summary>What the emitter sent, streamed, truncated and dropped.</summary>
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

    /// <summary>
    /// Starts a subsegment under the current entity without making it current: the path for database commands,
    /// which have no children. Null when nothing is to be recorded.
    /// </summary>
    /// <param name="name">An already clean name.</param>
    internal Subsegment? StartSubsegment(string name)
    {
        if (emitter is null)
            return null;
        var parent = TraceContext.Current;
        if (parent is null)
        {
            ContextMissing(name);
            return null;
        }

        return parent.Sampled ? parent.StartChild(name) : null;
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
            case ContextMissingStrategy.LogError when Interlocked.Read(ref contextMissingCount) > 0:
                Interlocked.Increment(ref contextMissingCount);
                return;
            default:
                ContextMissing(name(state));
                return;
        }
    }

    /// <summary>How many subsegments were begun with no segment current.</summary>
    public long ContextMissingCount => Interlocked.Read(ref contextMissingCount);

    internal void Emit(Entity entity, bool streamed) => emitter?.Enqueue(entity, streamed);

    /// <summary>Completes when everything ended before the call has been handed to the network.</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default)
        => emitter?.FlushAsync(cancellationToken) ?? Task.CompletedTask;

    /// <summary>Sends what is queued, then stops the background sender.</summary>
    public async ValueTask DisposeAsync()
    {
        if (emitter is not null)
            await emitter.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Sends what is queued, then stops the background sender.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static XRayRecorder CreateDefault()
    {
        var recorder = new XRayRecorder(XRayRecorderOptions.FromEnvironment(StandardErrorLogger.Instance));
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            // Exit handlers get a few seconds at most; a daemon that is not there must not hold the process.
            try
            {
                recorder.FlushAsync().Wait(TimeSpan.FromSeconds(2));
            }
            catch (AggregateException)
            {
            }
        };
        return recorder;
    }
}
