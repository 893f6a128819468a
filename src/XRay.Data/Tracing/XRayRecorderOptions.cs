using Microsoft.Extensions.Logging;

namespace XRay.Data;

/// <summary>How a <see cref="XRayRecorder"/> samples, names and sends.</summary>
public sealed class XRayRecorderOptions
{
    /// <summary>Where segments are sent (<c>AWS_XRAY_DAEMON_ADDRESS</c>).</summary>
    public DaemonAddress DaemonAddress { get; set; } = DaemonAddress.Default;

    /// <summary>What to do when a subsegment has no segment (<c>AWS_XRAY_CONTEXT_MISSING</c>).</summary>
    public ContextMissingStrategy ContextMissing { get; set; } = ContextMissingStrategy.LogError;

    /// <summary>The segment name used when none is given (<c>AWS_XRAY_TRACING_NAME</c>).</summary>
    public string? TracingName { get; set; }

    /// <summary>False turns every call into a no-op (<c>AWS_XRAY_SDK_ENABLED=false</c>).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The rules deciding which new traces are recorded.</summary>
    public SamplingRules SamplingRules { get; set; } = SamplingRules.CreateDefault();

    /// <summary>Once a segment holds more subsegments than this, finished ones are sent on their own.</summary>
    public int StreamingThreshold { get; set; } = 100;

    /// <summary>Documents waiting to be sent before new ones are dropped (and counted).</summary>
    public int QueueCapacity { get; set; } = 4096;

    /// <summary>Where the recorder reports what it could not do; nothing is logged when null.</summary>
    public ILogger? Logger { get; set; }

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
}
