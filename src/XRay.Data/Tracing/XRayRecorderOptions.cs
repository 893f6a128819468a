using Microsoft.Extensions.Logging;

namespace XRay.Data;

/// <summary>
/// How a <see cref="XRayRecorder"/> samples, names and sends. The recorder keeps a frozen copy made when it is built:
/// changing these options afterwards does not change it, and its own <see cref="XRayRecorder.Options"/> refuse changes.
/// </summary>
public sealed class XRayRecorderOptions
{
    private readonly bool frozen;

    /// <summary>Creates options with the defaults.</summary>
    public XRayRecorderOptions()
    {
    }

    private XRayRecorderOptions(XRayRecorderOptions source)
    {
        DaemonAddress = source.DaemonAddress;
        ContextMissing = source.ContextMissing;
        TracingName = source.TracingName;
        Enabled = source.Enabled;
        SamplingRules = source.SamplingRules;
        StreamingThreshold = source.StreamingThreshold;
        QueueCapacity = source.QueueCapacity;
        MaxOpenSegments = source.MaxOpenSegments;
        Logger = source.Logger;
        frozen = true;
    }

    /// <summary>Where segments are sent (<c>AWS_XRAY_DAEMON_ADDRESS</c>).</summary>
    public DaemonAddress DaemonAddress
    {
        get;
        set => field = Settable(value ?? throw new ArgumentNullException(nameof(value)));
    } = DaemonAddress.Default;

    /// <summary>What to do when a subsegment has no segment (<c>AWS_XRAY_CONTEXT_MISSING</c>).</summary>
    public ContextMissingStrategy ContextMissing
    {
        get;
        set => field = Settable(value);
    } = ContextMissingStrategy.LogError;

    /// <summary>The segment name used when none is given (<c>AWS_XRAY_TRACING_NAME</c>).</summary>
    public string? TracingName
    {
        get;
        set => field = Settable(value);
    }

    /// <summary>False turns every call into a no-op (<c>AWS_XRAY_SDK_ENABLED=false</c>).</summary>
    public bool Enabled
    {
        get;
        set => field = Settable(value);
    } = true;

    /// <summary>The rules deciding which new traces are recorded.</summary>
    public SamplingRules SamplingRules
    {
        get;
        set => field = Settable(value ?? throw new ArgumentNullException(nameof(value)));
    } = SamplingRules.CreateDefault();

    /// <summary>
    /// Once a segment holds more subsegments than this, finished ones are sent on their own instead of waiting for
    /// the segment, which keeps a long-running segment's memory and datagram size bounded.
    /// </summary>
    public int StreamingThreshold
    {
        get;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            field = Settable(value);
        }
    } = 100;

    /// <summary>Documents waiting to be sent before new ones are dropped (and counted).</summary>
    public int QueueCapacity
    {
        get;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            field = Settable(value);
        }
    } = 4096;

    /// <summary>
    /// The most sampled segments kept track of while open, so that those still open when the recorder is disposed
    /// are sent in progress. Beyond it the oldest is sent in progress and let go (counted in
    /// <see cref="EmitterStatistics.OpenSegmentsEvicted"/>), so segments begun and never ended cannot hold memory
    /// without bound; when it ends later, it is sent whole as usual.
    /// </summary>
    public int MaxOpenSegments
    {
        get;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            field = Settable(value);
        }
    } = 10_000;

    /// <summary>Where the recorder reports what it could not do; nothing is logged when null.</summary>
    public ILogger? Logger
    {
        get;
        set => field = Settable(value);
    }

    /// <summary>
    /// Options from the variables the AWS SDKs read. A malformed value is logged once and the default kept.
    /// </summary>
    /// <param name="logger">Receives the warnings about malformed values; also becomes <see cref="Logger"/>.</param>
    /// <param name="variables">Reads a variable; the process environment when null.</param>
    public static XRayRecorderOptions FromEnvironment(ILogger? logger = null, Func<string, string?>? variables = null)
    {
        variables ??= Environment.GetEnvironmentVariable;
        var options = new XRayRecorderOptions { Logger = logger };

        var address = variables("AWS_XRAY_DAEMON_ADDRESS");
        if (!string.IsNullOrWhiteSpace(address))
        {
            if (DaemonAddress.TryParse(address, out var parsed))
                options.DaemonAddress = parsed!;
            else
                logger?.LogError("AWS_XRAY_DAEMON_ADDRESS '{Value}' is not 'host:port' or 'udp:host:port tcp:host:port'; using {Default}.", address, DaemonAddress.Default);
        }

        var missing = variables("AWS_XRAY_CONTEXT_MISSING");
        if (!string.IsNullOrWhiteSpace(missing))
        {
            switch (missing.Trim().ToUpperInvariant())
            {
                case "LOG_ERROR":
                    options.ContextMissing = ContextMissingStrategy.LogError;
                    break;
                case "RUNTIME_ERROR":
                    options.ContextMissing = ContextMissingStrategy.RuntimeError;
                    break;
                case "IGNORE_ERROR":
                    options.ContextMissing = ContextMissingStrategy.IgnoreError;
                    break;
                default:
                    logger?.LogError("AWS_XRAY_CONTEXT_MISSING '{Value}' is not LOG_ERROR, RUNTIME_ERROR or IGNORE_ERROR; using LOG_ERROR.", missing);
                    break;
            }
        }

        var name = variables("AWS_XRAY_TRACING_NAME");
        if (!string.IsNullOrWhiteSpace(name))
            options.TracingName = name.Trim();

        var enabled = variables("AWS_XRAY_SDK_ENABLED");
        if (!string.IsNullOrWhiteSpace(enabled))
        {
            if (bool.TryParse(enabled.Trim(), out var on))
                options.Enabled = on;
            else
                logger?.LogError("AWS_XRAY_SDK_ENABLED '{Value}' is not true or false; tracing stays enabled.", enabled);
        }

        return options;
    }

    /// <summary>A copy that refuses changes: what a recorder keeps.</summary>
    internal XRayRecorderOptions Freeze() => new(this);

    private T Settable<T>(T value)
    {
        if (frozen)
            throw new InvalidOperationException("These XRayRecorderOptions belong to a recorder, which read them when it was built; they cannot change. Build a new XRayRecorder with new options instead.");
        return value;
    }
}
