using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using XRay.Data;
using XRay.Testing;

namespace XRay.AspNetCore.Tests;

/// <summary>UseXRay on a real Kestrel server, called with real HttpClients; segments read from real datagrams.</summary>
public sealed class RequestSegmentTests : IDisposable
{
    private const string CallerTrace = "1-5759e988-bd862e3fe1be46a994272793";
    private const string CallerParent = "53995c3f42cd8ad8";

    private readonly DaemonReceiver receiver = new();

    public void Dispose() => receiver.Dispose();

    [Fact]
    public async Task Request_without_a_header_starts_a_trace_and_records_the_http_block()
    {
        await using var service = await StartAsync(app => app.MapGet("/pages/{name}", (string name) => Results.Text($"<h1>{name}</h1>", "text/html")));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/pages/hello?token=abc123");
        request.Headers.UserAgent.ParseAdd("xray-tests/1.0");

        using var response = await service.Client.SendAsync(request);

        Assert.True(TraceHeader.TryParse(Assert.Single(response.Headers.GetValues(TraceHeader.HeaderName)), out var returned));
        Assert.Equal(SamplingDecision.Sampled, returned!.Sampled);
        var segment = Assert.Single(await SegmentsAsync(service));
        Assert.Equal("pages", segment.Name);
        Assert.Equal(returned.Root.ToString(), segment.TraceId);
        Assert.Null(segment.ParentId);
        var http = segment.Http!;
        Assert.Equal("GET", (string?)http["request"]?["method"]);
        Assert.Equal($"{service.Address}pages/hello", (string?)http["request"]?["url"]);
        Assert.Equal("xray-tests/1.0", (string?)http["request"]?["user_agent"]);
        Assert.Equal("127.0.0.1", (string?)http["request"]?["client_ip"]);
        Assert.Null(http["request"]?["x_forwarded_for"]);
        Assert.Equal(200, (int?)http["response"]?["status"]);
        Assert.Equal("<h1>hello</h1>".Length, (long?)http["response"]?["content_length"]);
        Assert.False(segment.Flag("error") || segment.Flag("throttle") || segment.Flag("fault"));
        Assert.DoesNotContain("abc123", receiver.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forwarded_client_address_is_recorded_and_marked()
    {
        await using var service = await StartAsync(app => app.MapGet("/", () => "ok"));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7, 10.0.0.1");

        using var response = await service.Client.SendAsync(request);

        var segment = Assert.Single(await SegmentsAsync(service));
        Assert.Equal("203.0.113.7", (string?)segment.Http?["request"]?["client_ip"]);
        Assert.Equal(true, (bool?)segment.Http?["request"]?["x_forwarded_for"]);
    }

    [Fact]
    public async Task Incoming_header_is_continued_and_its_Sampled_1_obeyed_over_rules_that_sample_nothing()
    {
        await using var service = await StartAsync(app => app.MapGet("/", () => "ok"), xray: o => o.SamplingRules = new SamplingRules(new SamplingRule(0, 0.0)));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add(TraceHeader.HeaderName, $"Root={CallerTrace};Parent={CallerParent};Sampled=1;Lineage=a87bd80c:1");

        using var response = await service.Client.SendAsync(request);

        Assert.Equal($"Root={CallerTrace};Sampled=1", Assert.Single(response.Headers.GetValues(TraceHeader.HeaderName)));
        var segment = Assert.Single(await SegmentsAsync(service));
        Assert.Equal(CallerTrace, segment.TraceId);
        Assert.Equal(CallerParent, segment.ParentId);
    }

    [Fact]
    public async Task Sampled_0_is_returned_and_nothing_is_sent()
    {
        await using var service = await StartAsync(app => app.MapGet("/", () => "ok"));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add(TraceHeader.HeaderName, $"Root={CallerTrace};Parent={CallerParent};Sampled=0");

        using var response = await service.Client.SendAsync(request);
        await service.Recorder.FlushAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal($"Root={CallerTrace};Sampled=0", Assert.Single(response.Headers.GetValues(TraceHeader.HeaderName)));
        Assert.Equal(0, await receiver.SettleAsync());
        Assert.Equal(0, service.Recorder.Statistics.DatagramsSent);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Sampled=?")]
    public async Task Sampling_rules_decide_on_host_method_and_path_when_the_caller_left_it_open(string? decision)
    {
        await using var service = await StartAsync(
            app => app.Map("/{**path}", () => "ok"),
            xray: o => o.SamplingRules = new SamplingRules(new SamplingRule(0, 0.0), [new SamplingRule(0, 1.0, "127.0.0.1", "GET", "/sampled/*")]));

        var sampled = await SendAsync(service, HttpMethod.Get, "/sampled/page", decision);
        var posted = await SendAsync(service, HttpMethod.Post, "/sampled/page", decision);
        var elsewhere = await SendAsync(service, HttpMethod.Get, "/elsewhere", decision);

        Assert.Equal([SamplingDecision.Sampled, SamplingDecision.NotSampled, SamplingDecision.NotSampled], [sampled.Sampled, posted.Sampled, elsewhere.Sampled]);
        if (decision is not null)
            Assert.All([sampled, posted, elsewhere], header => Assert.Equal(CallerTrace, header.Root.ToString()));
        var segment = Assert.Single(await SegmentsAsync(service));
        Assert.Equal(sampled.Root.ToString(), segment.TraceId);
        Assert.Equal("GET", (string?)segment.Http?["request"]?["method"]);
    }

    [Theory]
    [InlineData(200, false, false, false)]
    [InlineData(400, true, false, false)]
    [InlineData(404, true, false, false)]
    [InlineData(429, true, true, false)]
    [InlineData(500, false, false, true)]
    [InlineData(503, false, false, true)]
    public async Task Status_sets_error_throttle_and_fault(int status, bool error, bool throttle, bool fault)
    {
        await using var service = await StartAsync(app => app.MapGet("/status/{code:int}", (int code) => Results.StatusCode(code)));

        using var response = await service.Client.GetAsync($"/status/{status}");

        Assert.Equal(status, (int)response.StatusCode);
        var segment = Assert.Single(await SegmentsAsync(service));
        Assert.Equal(status, (int?)segment.Http?["response"]?["status"]);
        Assert.Equal((error, throttle, fault), (segment.Flag("error"), segment.Flag("throttle"), segment.Flag("fault")));
        Assert.Null(segment.Json["cause"]);
    }

    [Fact]
    public async Task Unhandled_exception_is_the_faults_cause_and_reaches_the_server_as_the_same_object()
    {
        Exception? escaped = null;
        var thrown = new InvalidOperationException("The page 'broken' fails on purpose.");
        await using var service = await StartAsync(app =>
        {
            // Outside UseXRay: sees what the server would.
            app.Use(async (context, next) =>
            {
                try
                {
                    await next(context);
                }
                catch (Exception ex)
                {
                    escaped = ex;
                    throw;
                }
            });
            app.UseXRay("pages");
            app.MapGet("/pages/broken", IResult () => throw thrown);
        }, useXRay: false);

        using var response = await service.Client.GetAsync("/pages/broken");

        Assert.Equal(500, (int)response.StatusCode);
        Assert.Same(thrown, escaped);
        var segment = Assert.Single(await SegmentsAsync(service));
        Assert.True(segment.Flag("fault"));
        Assert.False(segment.Flag("error"));
        Assert.Equal(500, (int?)segment.Http?["response"]?["status"]);
        var exception = segment.Json["cause"]?["exceptions"]?[0];
        Assert.Equal("System.InvalidOperationException", (string?)exception?["type"]);
        Assert.NotNull((string?)exception?["id"]);
    }

    [Fact]
    public async Task Exception_that_UseExceptionHandler_turns_into_a_500_is_still_the_cause_and_the_500_carries_the_header()
    {
        await using var service = await StartAsync(app =>
        {
            app.UseXRay("pages");
            app.UseExceptionHandler(error => error.Run(context => context.Response.WriteAsync("sorry")));
            app.MapGet("/pages/broken", IResult () => throw new InvalidOperationException("fails on purpose"));
        }, useXRay: false);

        using var response = await service.Client.GetAsync("/pages/broken");

        Assert.Equal(500, (int)response.StatusCode);
        Assert.True(TraceHeader.TryParse(Assert.Single(response.Headers.GetValues(TraceHeader.HeaderName)), out var returned));
        var segment = Assert.Single(await SegmentsAsync(service));
        Assert.Equal(returned!.Root.ToString(), segment.TraceId);
        Assert.True(segment.Flag("fault"));
        Assert.Equal("System.InvalidOperationException", (string?)segment.Json["cause"]?["exceptions"]?[0]?["type"]);
    }

    [Fact]
    public async Task Endpoint_finds_the_segment_in_the_request_features_and_current_for_its_subsegments()
    {
        await using var service = await StartAsync(app => app.MapGet("/work", (HttpContext context, XRayRecorder recorder) =>
        {
            context.Features.Get<Segment>()!.AddAnnotation("order_id", 42);
            using (recorder.BeginSubsegment("compute"))
            {
            }

            return "done";
        }));

        using var response = await service.Client.GetAsync("/work");

        var segment = Assert.Single(await SegmentsAsync(service));
        Assert.Equal(42, (int?)segment.Json["annotations"]?["order_id"]);
        Assert.Equal("compute", Assert.Single(segment.Subsegments).Name);
    }

    [Fact]
    public async Task Tracing_disabled_by_AWS_XRAY_SDK_ENABLED_passes_requests_through_untouched()
    {
        await using var service = await StartAsync(
            app => app.MapGet("/", (HttpContext context) => context.Features.Get<Segment>() is null ? "no segment" : "segment"),
            variables: new Dictionary<string, string?> { ["AWS_XRAY_SDK_ENABLED"] = "false" });

        using var response = await service.Client.GetAsync("/");

        Assert.False(service.Recorder.IsEnabled);
        Assert.Equal("no segment", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains(TraceHeader.HeaderName));
        Assert.Equal(0, await receiver.SettleAsync());
    }

    private Task<TestService> StartAsync(
        Action<WebApplication> map,
        Action<XRayRecorderOptions>? xray = null,
        IReadOnlyDictionary<string, string?>? variables = null,
        bool useXRay = true)
        => TestService.StartAsync(receiver, app =>
        {
            if (useXRay)
                app.UseXRay("pages");
            map(app);
        }, xray: xray, variables: variables);

    private async Task<IReadOnlyList<ReceivedEntity>> SegmentsAsync(TestService service, int count = 1)
    {
        await service.Recorder.FlushAsync();
        var segments = await receiver.WaitForSegmentsAsync(count);
        Assert.Empty(receiver.Rejected);
        return segments;
    }

    private static async Task<TraceHeader> SendAsync(TestService service, HttpMethod method, string path, string? decision)
    {
        using var request = new HttpRequestMessage(method, path);
        if (decision is not null)
            request.Headers.Add(TraceHeader.HeaderName, $"Root={CallerTrace};{decision}");
        using var response = await service.Client.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.True(TraceHeader.TryParse(Assert.Single(response.Headers.GetValues(TraceHeader.HeaderName)), out var header));
        return header!;
    }
}
