namespace XRay.Data;

/// <summary>What sampling rules match against: the request's host, method and path.</summary>
/// <param name="Host">The <c>Host</c> header, without port.</param>
/// <param name="HttpMethod">The request method.</param>
/// <param name="UrlPath">The request path.</param>
public readonly record struct SamplingRequest(string? Host, string? HttpMethod, string? UrlPath);
