using XRay.Data;

namespace ArchiverDb;

/// <summary>
/// An <see cref="HttpClient"/> handler that records each outgoing call as a remote <c>http</c> subsegment named
/// after the host, and sends <c>X-Amzn-Trace-Id</c> so that the callee's segment joins the trace under it.
/// </summary>
public sealed class TracingHandler(XRayRecorder recorder) : DelegatingHandler
{
    /// <inheritdoc cref="DelegatingHandler.SendAsync(HttpRequestMessage, CancellationToken)"/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri;
        if (uri is null)
            return await base.SendAsync(request, cancellationToken);

        // With no segment current the recorder applies its context-missing strategy and the call goes out untraced.
        using var subsegment = recorder.BeginSubsegment(uri.Host);
        subsegment.Namespace = "remote";

        // An unsampled trace records nothing here, yet the callee must still learn the decision.
        var header = subsegment.TraceHeader ?? recorder.CurrentEntity?.TraceHeader;
        request.Headers.Remove(TraceHeader.HeaderName);
        if (header is not null)
            request.Headers.TryAddWithoutValidation(TraceHeader.HeaderName, header.ToString());

        var http = new HttpData
        {
            Method = request.Method.Method,
            Url = uri.GetLeftPart(UriPartial.Path),
            Traced = header is not null,
        };
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            http.Status = status;
            http.ContentLength = response.Content.Headers.ContentLength;
            subsegment.Error = status is >= 400 and < 500;
            subsegment.Throttle = status == 429;
            subsegment.Fault = status >= 500;
            return response;
        }
        catch (Exception ex)
        {
            subsegment.AddException(ex, remote: true);
            throw;
        }
        finally
        {
            subsegment.Http = http;
        }
    }
}
