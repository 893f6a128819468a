namespace XRay.Data;

/// <summary>The <c>http</c> block of a segment (an incoming request) or subsegment (an outgoing call).</summary>
public sealed class HttpData
{
    /// <summary>The request method, such as <c>GET</c>.</summary>
    public string? Method { get; set; }

    /// <summary>The full URL of the request.</summary>
    public string? Url { get; set; }

    /// <summary>The caller's user agent.</summary>
    public string? UserAgent { get; set; }

    /// <summary>The caller's IP address.</summary>
    public string? ClientIp { get; set; }

    /// <summary>True when <see cref="ClientIp"/> was read from <c>X-Forwarded-For</c> and may be forged.</summary>
    public bool XForwardedFor { get; set; }

    /// <summary>On an outgoing call: the downstream service was sent the trace header.</summary>
    public bool Traced { get; set; }

    /// <summary>The response status code.</summary>
    public int? Status { get; set; }

    /// <summary>The response body's length in bytes.</summary>
    public long? ContentLength { get; set; }
}
