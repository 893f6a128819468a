using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Primitives;
using XRay.Data;

namespace XRay.AspNetCore.Implementation;

/// <summary>
/// Begins a segment for every request and keeps it current for the request's async flow, so that database commands and
/// outgoing calls become its subsegments; records the request and its outcome when the response is done.
/// </summary>
internal sealed class XRayMiddleware(RequestDelegate next, XRayRecorder recorder, SegmentNamingStrategy naming)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!recorder.IsEnabled)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var request = context.Request;
        var incoming = Incoming(request.Headers[TraceHeader.HeaderName]);
        var path = request.PathBase.HasValue ? (request.PathBase + request.Path).Value : request.Path.Value;
        using var segment = recorder.BeginSegment(naming.GetSegmentName(request), incoming, new SamplingRequest(request.Host.Host, request.Method, path));
        context.Features.Set(segment);

        // Set as the headers go out, so that a handler which clears the response (UseExceptionHandler) keeps it.
        var returned = $"Root={segment.TraceId};Sampled={(segment.Sampled ? '1' : '0')}";
        context.Response.OnStarting(static state =>
        {
            var (response, value) = ((HttpResponse, string))state;
            response.Headers[TraceHeader.HeaderName] = value;
            return Task.CompletedTask;
        }, (context.Response, returned));

        Exception? unhandled = null;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            unhandled = exception;
            throw;
        }
        finally
        {
            if (segment.Sampled)
                Record(segment, context, unhandled);
        }
    }

    private static TraceHeader? Incoming(StringValues values)
        => values.Count > 0 && TraceHeader.TryParse(values.ToString(), out var header) ? header : null;

    private static void Record(Segment segment, HttpContext context, Exception? unhandled)
    {
        var request = context.Request;
        var response = context.Response;
        var aborted = context.RequestAborted.IsCancellationRequested;
        // An exception escaping before the response started becomes the server's 500.
        int? status = unhandled is null || response.HasStarted ? response.StatusCode : aborted ? null : StatusCodes.Status500InternalServerError;
        var forwarded = request.Headers["X-Forwarded-For"];
        var clientIp = forwarded.Count > 0 ? FirstAddress(forwarded.ToString()) : null;
        segment.Http = new HttpData
        {
            Method = request.Method,
            // The query string is left out: it is where tokens and personal data travel.
            Url = UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, request.Path),
            UserAgent = request.Headers.UserAgent.Count > 0 ? request.Headers.UserAgent.ToString() : null,
            ClientIp = clientIp ?? context.Connection.RemoteIpAddress?.ToString(),
            XForwardedFor = clientIp is not null,
            Status = status,
            ContentLength = response.ContentLength,
        };

        if (unhandled is not null && aborted)
        {
            // The caller went away: nothing failed on this side.
            segment.Error = true;
            return;
        }

        if (status is { } code)
            StatusFlags.Apply(segment, code);
        var cause = unhandled ?? (status >= 500 ? context.Features.Get<IExceptionHandlerFeature>()?.Error : null);
        if (cause is not null)
            ApplicationExceptions.AddCauseAsDatabaseErrorsAre(segment, cause);
    }

    /// <summary>The client's address: the first entry of <c>X-Forwarded-For</c>, the one proxies append to.</summary>
    private static string? FirstAddress(string forwarded)
    {
        var comma = forwarded.IndexOf(',', StringComparison.Ordinal);
        var first = (comma < 0 ? forwarded : forwarded[..comma]).Trim();
        return first.Length > 0 ? first : null;
    }
}
