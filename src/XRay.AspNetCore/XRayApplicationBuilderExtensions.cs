using Microsoft.Extensions.DependencyInjection;
using XRay.AspNetCore;
using XRay.AspNetCore.Implementation;
using XRay.Data;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds X-Ray tracing of incoming requests to the pipeline.</summary>
public static class XRayApplicationBuilderExtensions
{
    /// <summary>
    /// Begins a segment named <paramref name="name"/> for every request: <c>app.UseXRay("archiver")</c>. Place it first,
    /// so that it times the whole request and sees the exceptions other middleware let escape.
    /// </summary>
    /// <remarks>
    /// The segment continues the caller's trace from an incoming <c>X-Amzn-Trace-Id</c> (keeping its other keys, such
    /// as <c>Lineage</c>, for downstream calls) and obeys its <c>Sampled=1</c> or <c>Sampled=0</c>; with no header, or
    /// <c>Sampled=?</c>, the sampling rules decide on the request's host, method and path. The segment is current for
    /// the request's async flow (and in <c>HttpContext.Features.Get&lt;Segment&gt;()</c>), so database commands and
    /// outgoing calls become its subsegments. It records the <c>http</c> block — method, URL without the query string,
    /// user agent, client address (from <c>X-Forwarded-For</c> when present, then marked as such), status and content
    /// length — flags 4xx as error, 429 as throttle and 5xx as fault, records an exception that escapes as the cause and
    /// rethrows it unchanged, and returns <c>X-Amzn-Trace-Id: Root=…;Sampled=1|0</c> on the response.
    /// <para>
    /// The recorder is the application's (<c>services.AddXRay()</c>), else <see cref="XRayRecorder.Default"/>. When its
    /// <see cref="XRayRecorderOptions.TracingName"/> is set (<c>AWS_XRAY_TRACING_NAME</c>), that name is used instead.
    /// </para>
    /// </remarks>
    /// <param name="app">The application's pipeline.</param>
    /// <param name="name">The service's name on the X-Ray service map.</param>
    /// <returns>The same pipeline, for chaining.</returns>
    public static IApplicationBuilder UseXRay(this IApplicationBuilder app, string name)
        => UseXRay(app, SegmentNamingStrategy.Fixed(name));

    /// <summary>Begins a segment for every request, named by <paramref name="naming"/>.</summary>
    /// <inheritdoc cref="UseXRay(IApplicationBuilder, string)" path="/remarks"/>
    /// <param name="app">The application's pipeline.</param>
    /// <param name="naming">Names each request's segment, such as <see cref="SegmentNamingStrategy.Dynamic"/>.</param>
    /// <returns>The same pipeline, for chaining.</returns>
    public static IApplicationBuilder UseXRay(this IApplicationBuilder app, SegmentNamingStrategy naming)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(naming);
        var recorder = app.ApplicationServices.GetService<XRayRecorder>() ?? XRayRecorder.Default;
        if (recorder.Options.TracingName is { } tracingName && !string.IsNullOrWhiteSpace(tracingName))
            naming = naming.WithTracingName(tracingName);
        return app.Use(next => new XRayMiddleware(next, recorder, naming).InvokeAsync);
    }
}
