using XRay.AspNetCore;
using XRay.Data;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds X-Ray tracing to clients made by <c>IHttpClientFactory</c>.</summary>
public static class XRayHttpClientBuilderExtensions
{
    /// <summary>
    /// Records each call of the client as a <c>remote</c> subsegment named after the host, and propagates
    /// <c>X-Amzn-Trace-Id</c>, with the application's recorder (<c>AddXRay()</c>), else <see cref="XRayRecorder.Default"/>:
    /// <c>services.AddHttpClient("pages").AddXRayTracing()</c>. Added before a retry handler, one subsegment covers every
    /// attempt; added after it, each attempt is a subsegment of its own.
    /// </summary>
    /// <param name="builder">The client's builder.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IHttpClientBuilder AddXRayTracing(this IHttpClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddHttpMessageHandler(services => new XRayTracingHandler(services.GetService<XRayRecorder>()));
    }
}
