using XRay.AspNetCore;

namespace ArchiverDb;

/// <summary>
/// Names each request's segment after the service it is for. The sample hosts three services in one process, so the
/// route, not the host, says which one; a service of its own would call <c>app.UseXRay("archiver")</c>.
/// </summary>
public sealed class ServiceByRoute : SegmentNamingStrategy
{
    /// <inheritdoc />
    public override string GetSegmentName(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Path.StartsWithSegments("/fetch") ? "fetcher"
            : request.Path.StartsWithSegments("/pages") ? "pages"
            : "archiver";
    }
}
