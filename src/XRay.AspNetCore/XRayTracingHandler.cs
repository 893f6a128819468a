using XRay.AspNetCore.Implementation;
using XRay.Data;

namespace XRay.AspNetCore;

/// <summary>
/// An <see cref="HttpClient"/> handler that records each call as a <c>remote</c> subsegment named after the host, with
/// the <c>http</c> block, and sends <c>X-Amzn-Trace-Id</c> so that the called service continues the trace under it.
/// With <c>IHttpClientFactory</c>, add it with <c>AddXRayTracing()</c>; for a client built by hand,
/// <c>new HttpClient(new XRayTracingHandler(new SocketsHttpHandler()))</c>.
/// </summary>
/// <remarks>
/// In an unsampled trace nothing is recorded, yet the header still goes out with <c>Sampled=0</c>, so that services
/// downstream learn the decision. With no segment current the recorder's context-missing strategy applies and the call
/// goes out untraced: under <c>LOG_ERROR</c> and <c>IGNORE_ERROR</c> the call is never failed by tracing; under
/// <c>RUNTIME_ERROR</c> it throws <see cref="ContextMissingException"/>, which is what that strategy is for. A 4xx
/// answer is an error, 429 also a throttle, 5xx a fault; an exception is a fault with the exception as a remote cause,
/// except a cancellation, which is an error.
/// </remarks>
public sealed class XRayTracingHandler : DelegatingHandler
{
    private readonly XRayRecorder? recorder;

    /// <summary>A handler recording to <paramref name="recorder"/>, for <c>IHttpClientFactory</c>, which sets the inner handler.</summary>
    /// <param name="recorder">Where subsegments go; <see cref="XRayRecorder.Default"/> when null.</param>
    public XRayTracingHandler(XRayRecorder? recorder = null) => this.recorder = recorder;

    /// <summary>A handler in front of <paramref name="innerHandler"/>, for a client built by hand.</summary>
    /// <param name="innerHandler">The handler that sends the request, such as a <see cref="SocketsHttpHandler"/>.</param>
    /// <param name="recorder">Where subsegments go; <see cref="XRayRecorder.Default"/> when null.</param>
    public XRayTracingHandler(HttpMessageHandler innerHandler, XRayRecorder? recorder = null)
        : base(innerHandler)
        => this.recorder = recorder;

    /// <summary>Where subsegments go.</summary>
    public XRayRecorder Recorder => recorder ?? XRayRecorder.Default;

    /// <inheritdoc cref="DelegatingHandler.SendAsync(HttpRequestMessage, CancellationToken)"/>
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        => Send(request, async: true, cancellationToken);

    /// <inheritdoc cref="DelegatingHandler.Send(HttpRequestMessage, CancellationToken)"/>
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        => Send(request, async: false, cancellationToken).GetAwaiter().GetResult();

    private async Task<HttpResponseMessage> Send(HttpRequestMessage request, bool async, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var recorder = Recorder;
        if (request.RequestUri is not { IsAbsoluteUri: true } uri || !recorder.IsEnabled)
            return await Inner(request, async, cancellationToken).ConfigureAwait(false);

        using var subsegment = recorder.BeginSubsegment(uri.Host);
        // An unsampled trace records nothing here, yet the callee must still learn the decision.
        var header = subsegment.Sampled ? subsegment.TraceHeader : recorder.CurrentEntity?.TraceHeader;
        request.Headers.Remove(TraceHeader.HeaderName);
        if (header is not null)
            request.Headers.TryAddWithoutValidation(TraceHeader.HeaderName, header.ToString());
        if (!subsegment.Sampled)
            return await Inner(request, async, cancellationToken).ConfigureAwait(false);

        subsegment.Namespace = "remote";
        var http = new HttpData
        {
            Method = request.Method.Method,
            // The query string is left out: it is where tokens and personal data travel.
            Url = uri.GetLeftPart(UriPartial.Path),
            Traced = true,
        };
        try
        {
            var response = await Inner(request, async, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            http.Status = status;
            http.ContentLength = response.Content.Headers.ContentLength;
            StatusFlags.Apply(subsegment, status);
            return response;
        }
        catch (OperationCanceledException)
        {
            // The caller gave up (or the client's timeout did; the two look alike here): an error, not a fault.
            subsegment.Error = true;
            throw;
        }
        catch (Exception exception)
        {
            // A failed call's message can name what the application sent; quoted spans go as they do for databases.
            subsegment.AddException(exception, remote: true, DbExceptionRedactor.Redact);
            throw;
        }
        finally
        {
            subsegment.Http = http;
        }
    }

    private Task<HttpResponseMessage> Inner(HttpRequestMessage request, bool async, CancellationToken cancellationToken)
        => async ? base.SendAsync(request, cancellationToken) : Task.FromResult(base.Send(request, cancellationToken));
}
