using Microsoft.AspNetCore.Http;
using XRay.Data;

namespace XRay.AspNetCore;

/// <summary>
/// Names a segment after the request's host when the host matches a pattern, else with a fallback name: one
/// application serving several domains appears as one node per domain on the service map.
/// </summary>
public sealed class DynamicSegmentNamingStrategy : SegmentNamingStrategy
{
    // A rule that matches any method and path: its host match is the sampling rules' own wildcard match.
    private readonly SamplingRule hosts;

    /// <summary>Names a segment after a host matching <paramref name="hostPattern"/>, else <paramref name="fallbackName"/>.</summary>
    /// <param name="fallbackName">The name when the host does not match.</param>
    /// <param name="hostPattern">Hosts named after themselves, with <c>*</c> and <c>?</c> wildcards, ignoring case.</param>
    public DynamicSegmentNamingStrategy(string fallbackName, string hostPattern)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fallbackName);
        ArgumentException.ThrowIfNullOrWhiteSpace(hostPattern);
        FallbackName = fallbackName;
        HostPattern = hostPattern;
        hosts = new SamplingRule(0, 0, host: hostPattern);
    }

    /// <summary>The name when the host does not match.</summary>
    public string FallbackName { get; }

    /// <summary>The hosts named after themselves.</summary>
    public string HostPattern { get; }

    /// <inheritdoc />
    public override string GetSegmentName(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var host = request.Host.Host;
        return !string.IsNullOrEmpty(host) && hosts.Matches(new SamplingRequest(host, null, null)) ? host : FallbackName;
    }

    /// <summary>Keeps naming matching hosts after themselves; <paramref name="tracingName"/> replaces the fallback.</summary>
    protected internal override SegmentNamingStrategy WithTracingName(string tracingName) => new DynamicSegmentNamingStrategy(tracingName, HostPattern);
}
