using Microsoft.AspNetCore.Http;

namespace XRay.AspNetCore;

/// <summary>
/// Names the segment of each incoming request, as the AWS SDKs' segment namers do: <see cref="Fixed"/> gives every
/// segment one name, <see cref="Dynamic"/> the request's host when it matches a pattern. Derive from it to name
/// segments some other way (by route, by tenant).
/// </summary>
public abstract class SegmentNamingStrategy
{
    /// <summary>Every segment is named <paramref name="name"/>.</summary>
    public static SegmentNamingStrategy Fixed(string name) => new FixedSegmentNamingStrategy(name);

    /// <summary>
    /// A segment is named after the request's host (without port) when the host matches <paramref name="hostPattern"/>,
    /// with <c>*</c> and <c>?</c> wildcards as in sampling rules; otherwise <paramref name="fallbackName"/>. Only list
    /// hosts you serve: the <c>Host</c> header is the caller's to choose.
    /// </summary>
    public static SegmentNamingStrategy Dynamic(string fallbackName, string hostPattern) => new DynamicSegmentNamingStrategy(fallbackName, hostPattern);

    /// <summary>The segment name for <paramref name="request"/>; cleaned to X-Ray's character set by the recorder.</summary>
    public abstract string GetSegmentName(HttpRequest request);

    /// <summary>
    /// This strategy with <paramref name="tracingName"/> (<c>AWS_XRAY_TRACING_NAME</c>, or the recorder's
    /// <see cref="XRay.Data.XRayRecorderOptions.TracingName"/>) in place of the name given in code. By default every
    /// segment gets that name; <see cref="Dynamic"/> keeps naming matching hosts after themselves.
    /// </summary>
    protected internal virtual SegmentNamingStrategy WithTracingName(string tracingName) => new FixedSegmentNamingStrategy(tracingName);
}
