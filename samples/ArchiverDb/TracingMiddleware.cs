using Microsoft.AspNetCore.Http.Features;
using XRay.Data;

namespace ArchiverDb;

/// <summary>
/// Begins a segment for every request: continues the caller's trace from <c>X-Amzn-Trace-Id</c> or starts one under
/// the sampling rules, records the <c>http</c> block, flags 4xx as error, 429 as throttle and 5xx as fault, and
/// returns the trace header. The segment is current for the request's async flow, so database commands run by the
/// endpoint become its subsegments.
/// </summary>
public sealed class TracingMiddleware(RequestDelegate next, XRayRecorder recorder, ILogger<TracingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        TraceHeader.TryParse(request.Headers[TraceHeader.HeaderName], out var incoming);
        using var segment = recorder.BeginSegment(ServiceName(request.Path), incoming, new SamplingRequest(request.Host.Host, request.Method, request.Path));
        context.Features.Set(segment);

        // Written before the endpoint runs because the headers are sent with the first byte of the body.
        var returned = $"Root={segment.TraceId};Sampled={(segment.Sampled ? 1 : 0)}";
        context.Response.Headers[TraceHeader.HeaderName] = returned;
        try
        {
            await next(context);
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            segment.AddException(ex);
            logger.LogError(ex, "{Method} {Path} failed.", request.Method, request.Path);
            context.Response.Clear();
            context.Response.Headers[TraceHeader.HeaderName] = returned;
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        }
        catch (Exception ex)
        {
            segment.AddException(ex);
            throw;
        }
        finally
        {
            Record(segment, context);
        }
    }

    /// <summary>The sample hosts two services in one process; the route says which one a request is for.</summary>
    public static string ServiceName(PathString path)
        => path.StartsWithSegments("/fetch") ? "fetcher"
            : path.StartsWithSegments("/pages") ? "pages"
            : "archiver";

    private static void Record(Segment segment, HttpContext context)
    {
        if (!segment.Sampled)
            return;
        var request = context.Request;
        var status = context.Response.StatusCode;
        var forwarded = request.Headers["X-Forwarded-For"].ToString();
        segment.Http = new HttpData
        {
            Method = request.Method,
            // The query string is left out: it is where tokens and personal data tend to travel.
            Url = $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}",
            UserAgent = request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null,
            ClientIp = forwarded.Length > 0 ? forwarded.Split(',')[0].Trim() : context.Connection.RemoteIpAddress?.ToString(),
            XForwardedFor = forwarded.Length > 0,
            Status = status,
            ContentLength = context.Response.ContentLength,
        };
        if (status is >= 400 and < 500)
            segment.Error = true;
        if (status == StatusCodes.Status429TooManyRequests)
            segment.Throttle = true;
        if (status >= 500)
            segment.Fault = true;
    }
}
