namespace XRay.Data;

/// <summary>
/// One local sampling rule: requests whose host, method and path match (with <c>*</c> and <c>?</c> wildcards,
/// ignoring case) are sampled <see cref="FixedTarget"/> per second, then at <see cref="Rate"/>.
/// </summary>
public sealed class SamplingRule
{
    /// <summary>Builds a rule, checking its numbers.</summary>
    public SamplingRule(int fixedTarget, double rate, string host = "*", string httpMethod = "*", string urlPath = "*", string? description = null)
    {
        if (fixedTarget < 0)
            throw new ArgumentOutOfRangeException(nameof(fixedTarget), fixedTarget, "fixed_target must be zero or more.");
        if (double.IsNaN(rate) || rate is < 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "rate must be between 0 and 1.");
        FixedTarget = fixedTarget;
        Rate = rate;
        Host = host;
        HttpMethod = httpMethod;
        UrlPath = urlPath;
        Description = description;
        Reservoir = new Reservoir(fixedTarget);
    }

    /// <summary>What the rule is for.</summary>
    public string? Description { get; }

    /// <summary>The host pattern.</summary>
    public string Host { get; }

    /// <summary>The method pattern.</summary>
    public string HttpMethod { get; }

    /// <summary>The path pattern.</summary>
    public string UrlPath { get; }

    /// <summary>Traces taken each second before the rate applies.</summary>
    public int FixedTarget { get; }

    /// <summary>The share of further traces taken, from 0 to 1.</summary>
    public double Rate { get; }

    internal Reservoir Reservoir { get; }

    /// <summary>True when the request matches all three patterns.</summary>
    public bool Matches(in SamplingRequest request)
        => Wildcard.Matches(Host, request.Host) && Wildcard.Matches(HttpMethod, request.HttpMethod) && Wildcard.Matches(UrlPath, request.UrlPath);
}
