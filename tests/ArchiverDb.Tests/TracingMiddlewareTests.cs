using XRay.Data;

namespace ArchiverDb.Tests;

public sealed class TracingMiddlewareTests
{
    private const string CallerTrace = "1-5759e988-bd862e3fe1be46a994272793";
    private const string CallerParent = "53995c3f42cd8ad8";

    [Fact]
    public async Task Incoming_trace_header_is_continued_and_returned()
    {
        await using var host = await ServiceHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/pages/hello");
        request.Headers.Add(TraceHeader.HeaderName, $"Root={CallerTrace};Parent={CallerParent};Sampled=1;Lineage=a87bd80c:1");

        using var response = await host.Client.SendAsync(request);

        Assert.Equal($"Root={CallerTrace};Sampled=1", Assert.Single(response.Headers.GetValues(TraceHeader.HeaderName)));
        var segment = Assert.Single(await host.Harness.SegmentsAsync());
        Assert.Equal("pages", segment.Name);
        Assert.Equal(CallerTrace, segment.TraceId);
        Assert.Equal(CallerParent, segment.ParentId);
    }

    [Fact]
    public async Task Request_without_header_starts_a_trace_and_records_the_http_block()
    {
        await using var host = await ServiceHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/pages/hello?token=abc123");
        request.Headers.UserAgent.ParseAdd("archiver-tests/1.0");

        using var response = await host.Client.SendAsync(request);

        Assert.True(TraceHeader.TryParse(response.Headers.GetValues(TraceHeader.HeaderName).Single(), out var returned));
        var segment = Assert.Single(await host.Harness.SegmentsAsync());
        Assert.Equal(returned!.Root.ToString(), segment.TraceId);
        Assert.Equal(SamplingDecision.Sampled, returned.Sampled);
        Assert.Null(segment.ParentId);
        var http = segment.Http!;
        Assert.Equal("GET", (string?)http["request"]?["method"]);
        Assert.Equal($"{host.Client.BaseAddress}pages/hello", (string?)http["request"]?["url"]);
        Assert.Equal("archiver-tests/1.0", (string?)http["request"]?["user_agent"]);
        Assert.Equal("127.0.0.1", (string?)http["request"]?["client_ip"]);
        Assert.Equal(200, (int?)http["response"]?["status"]);
        Assert.False(segment.Flag("error") || segment.Flag("fault"));
        Assert.DoesNotContain("abc123", host.Harness.Receiver.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forwarded_client_address_is_recorded_and_marked()
    {
        await using var host = await ServiceHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/pages/hello");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7, 10.0.0.1");

        using var response = await host.Client.SendAsync(request);

        var segment = Assert.Single(await host.Harness.SegmentsAsync());
        Assert.Equal("203.0.113.7", (string?)segment.Http?["request"]?["client_ip"]);
        Assert.Equal(true, (bool?)segment.Http?["request"]?["x_forwarded_for"]);
    }

    [Fact]
    public async Task Unsampled_caller_gets_the_decision_back_and_nothing_is_sent()
    {
        await using var host = await ServiceHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/pages/hello");
        request.Headers.Add(TraceHeader.HeaderName, $"Root={CallerTrace};Parent={CallerParent};Sampled=0");

        using var response = await host.Client.SendAsync(request);
        await host.Harness.Recorder.FlushAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal($"Root={CallerTrace};Sampled=0", Assert.Single(response.Headers.GetValues(TraceHeader.HeaderName)));
        Assert.Equal(0, await host.Harness.Receiver.SettleAsync());
    }

    [Fact]
    public async Task Sampling_rules_match_the_request_host_method_and_path()
    {
        await using var host = await ServiceHost.StartAsync(configure: options =>
            options.SamplingRules = new SamplingRules(new SamplingRule(0, 0.0), [new SamplingRule(0, 1.0, "127.0.0.1", "GET", "/pages/*")]));

        using var page = await host.Client.GetAsync("/pages/hello");
        using var posted = await host.Client.PostAsync("/pages/hello", null);
        using var other = await host.Client.GetAsync("/elsewhere");

        Assert.EndsWith("Sampled=1", page.Headers.GetValues(TraceHeader.HeaderName).Single(), StringComparison.Ordinal);
        Assert.EndsWith("Sampled=0", posted.Headers.GetValues(TraceHeader.HeaderName).Single(), StringComparison.Ordinal);
        Assert.EndsWith("Sampled=0", other.Headers.GetValues(TraceHeader.HeaderName).Single(), StringComparison.Ordinal);
        var segment = Assert.Single(await host.Harness.SegmentsAsync());
        Assert.Equal("GET", (string?)segment.Http?["request"]?["method"]);
    }

    [Fact]
    public async Task Unhandled_exception_is_a_fault_and_the_500_still_carries_the_header()
    {
        await using var host = await ServiceHost.StartAsync();

        using var response = await host.Client.GetAsync("/pages/broken");

        Assert.Equal(500, (int)response.StatusCode);
        Assert.True(TraceHeader.TryParse(response.Headers.GetValues(TraceHeader.HeaderName).Single(), out var returned));
        var segment = Assert.Single(await host.Harness.SegmentsAsync());
        Assert.Equal(returned!.Root.ToString(), segment.TraceId);
        Assert.True(segment.Flag("fault"));
        Assert.False(segment.Flag("error"));
        Assert.Equal(500, (int?)segment.Http?["response"]?["status"]);
        Assert.Equal("System.InvalidOperationException", (string?)segment.Json["cause"]?["exceptions"]?[0]?["type"]);
    }

    [Fact]
    public async Task Unknown_route_is_a_client_error()
    {
        await using var host = await ServiceHost.StartAsync();

        using var response = await host.Client.GetAsync("/nowhere");

        Assert.Equal(404, (int)response.StatusCode);
        var segment = Assert.Single(await host.Harness.SegmentsAsync());
        Assert.True(segment.Flag("error"));
        Assert.False(segment.Flag("fault"));
    }
}
