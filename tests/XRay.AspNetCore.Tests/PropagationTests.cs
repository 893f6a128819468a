using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using XRay.Data;
using XRay.Testing;

namespace XRay.AspNetCore.Tests;

/// <summary>
/// Two services on real Kestrel servers, each with its own recorder from <c>AddXRay</c>: the front calls the back
/// through an <c>IHttpClientFactory</c> client with <c>AddXRayTracing()</c>.
/// </summary>
public sealed class PropagationTests : IDisposable
{
    private const string CallerTrace = "1-5759e988-bd862e3fe1be46a994272793";
    private const string CallerParent = "53995c3f42cd8ad8";

    private readonly DaemonReceiver receiver = new();

    public void Dispose() => receiver.Dispose();

    [Fact]
    public async Task Two_services_continue_one_trace_through_the_propagated_header_and_keep_its_other_keys()
    {
        await using var back = await StartBackAsync();
        await using var front = await StartFrontAsync(back);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/front?to=/back/echo");
        request.Headers.Add(TraceHeader.HeaderName, $"Root={CallerTrace};Parent={CallerParent};Sampled=1;Lineage=a87bd80c:1");

        using var response = await front.Client.SendAsync(request);
        var seenByBack = await response.Content.ReadAsStringAsync();

        Assert.Equal(200, (int)response.StatusCode);
        var segments = await SegmentsAsync(2, front, back);
        var frontSegment = Assert.Single(segments, segment => segment.Name == "front");
        var backSegment = Assert.Single(segments, segment => segment.Name == "back");
        Assert.Equal(CallerTrace, frontSegment.TraceId);
        Assert.Equal(CallerParent, frontSegment.ParentId);
        Assert.Equal(CallerTrace, backSegment.TraceId);

        var call = Assert.Single(frontSegment.Subsegments);
        Assert.Equal("127.0.0.1", call.Name);
        Assert.Equal("remote", (string?)call.Json["namespace"]);
        Assert.Equal(call.Id, backSegment.ParentId);
        Assert.Equal(true, (bool?)call.Http?["request"]?["traced"]);
        Assert.Equal("GET", (string?)call.Http?["request"]?["method"]);
        Assert.Equal($"{back.Address}back/echo", (string?)call.Http?["request"]?["url"]);
        Assert.Equal(200, (int?)call.Http?["response"]?["status"]);

        Assert.True(TraceHeader.TryParse(seenByBack, out var propagated));
        Assert.Equal(call.Id, propagated!.Parent.ToString());
        Assert.Equal(SamplingDecision.Sampled, propagated.Sampled);
        Assert.Equal("Lineage=a87bd80c:1", propagated.Extra);
    }

    [Fact]
    public async Task Sampled_0_propagates_downstream_and_neither_service_records_anything()
    {
        await using var back = await StartBackAsync();
        await using var front = await StartFrontAsync(back);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/front?to=/back/echo");
        request.Headers.Add(TraceHeader.HeaderName, $"Root={CallerTrace};Parent={CallerParent};Sampled=0");

        using var response = await front.Client.SendAsync(request);
        var seenByBack = await response.Content.ReadAsStringAsync();
        await front.Recorder.FlushAsync();
        await back.Recorder.FlushAsync();

        Assert.True(TraceHeader.TryParse(seenByBack, out var propagated));
        Assert.Equal(CallerTrace, propagated!.Root.ToString());
        Assert.Equal(SamplingDecision.NotSampled, propagated.Sampled);
        Assert.NotNull(propagated.Parent);
        Assert.Equal(0, await receiver.SettleAsync());
    }

    [Theory]
    [InlineData(404, true, false, false)]
    [InlineData(429, true, true, false)]
    [InlineData(503, false, false, true)]
    public async Task Downstream_status_sets_error_throttle_and_fault_on_the_call(int status, bool error, bool throttle, bool fault)
    {
        await using var back = await StartBackAsync();
        await using var front = await StartFrontAsync(back);

        using var response = await front.Client.GetAsync($"/front?to=/back/status/{status}");

        var frontSegment = Assert.Single(await SegmentsAsync(2, front, back), segment => segment.Name == "front");
        var call = Assert.Single(frontSegment.Subsegments);
        Assert.Equal(status, (int?)call.Http?["response"]?["status"]);
        Assert.Equal((error, throttle, fault), (call.Flag("error"), call.Flag("throttle"), call.Flag("fault")));
    }

    [Fact]
    public async Task Unreachable_service_is_a_remote_fault_and_the_same_exception_reaches_the_caller()
    {
        var closed = ClosedPort();
        HttpRequestException? caught = null;
        await using var front = await TestService.StartAsync(receiver, app =>
        {
            app.UseXRay("front");
            app.MapGet("/front", async (IHttpClientFactory clients) =>
            {
                try
                {
                    await clients.CreateClient("back").GetStringAsync($"http://127.0.0.1:{closed}/gone?secret=s3cr3t");
                    return Results.Ok();
                }
                catch (HttpRequestException ex)
                {
                    caught = ex;
                    return Results.StatusCode(502);
                }
            });
        }, services: builder => builder.Services.AddHttpClient("back").AddXRayTracing());

        using var response = await front.Client.GetAsync("/front");

        Assert.Equal(502, (int)response.StatusCode);
        Assert.NotNull(caught);
        var segment = Assert.Single(await SegmentsAsync(1, front));
        var call = Assert.Single(segment.Subsegments);
        Assert.True(call.Flag("fault"));
        var exception = call.Json["cause"]?["exceptions"]?[0];
        Assert.Equal(true, (bool?)exception?["remote"]);
        Assert.Equal(typeof(HttpRequestException).FullName, (string?)exception?["type"]);
        Assert.Equal($"http://127.0.0.1:{closed}/gone", (string?)call.Http?["request"]?["url"]);
        Assert.Null(call.Http?["response"]);
        Assert.DoesNotContain("s3cr3t", receiver.AllText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ContextMissingStrategy.LogError, 1)]
    [InlineData(ContextMissingStrategy.IgnoreError, 0)]
    public async Task Call_with_no_segment_goes_out_untraced_and_never_fails(ContextMissingStrategy strategy, int counted)
    {
        await using var back = await StartBackAsync();
        await using var front = await StartFrontAsync(back, o => o.ContextMissing = strategy);
        var client = front.App.Services.GetRequiredService<IHttpClientFactory>().CreateClient("back");

        var seenByBack = await client.GetStringAsync("/back/echo");
        await client.GetStringAsync("/back/echo");

        Assert.Equal("none", seenByBack);
        Assert.Equal(counted * 2, front.Recorder.ContextMissingCount);
        Assert.Equal(counted, front.Logs.Entries.Count(entry => entry.Message.Contains("no segment current", StringComparison.Ordinal)));
        // The back service's own segments only: the front recorded nothing.
        Assert.All(await SegmentsAsync(2, back), segment => Assert.Equal("back", segment.Name));
    }

    [Fact]
    public async Task Call_with_no_segment_under_RUNTIME_ERROR_throws_as_that_strategy_says()
    {
        await using var back = await StartBackAsync();
        await using var front = await StartFrontAsync(back, o => o.ContextMissing = ContextMissingStrategy.RuntimeError);
        var client = front.App.Services.GetRequiredService<IHttpClientFactory>().CreateClient("back");

        await Assert.ThrowsAsync<ContextMissingException>(() => client.GetStringAsync("/back/echo"));
    }

    [Fact]
    public async Task Handler_built_by_hand_traces_a_plain_HttpClient_sync_and_async()
    {
        await using var back = await StartBackAsync();
        await using var harness = new TracingHarness(o => o.DaemonAddress = new DaemonAddress("127.0.0.1", receiver.Port));
        using var client = new HttpClient(new XRayTracingHandler(new SocketsHttpHandler(), harness.Recorder)) { BaseAddress = back.Address };

        using (harness.Recorder.BeginSegment("job"))
        {
            await client.GetStringAsync("/back/echo");
            using var response = client.Send(new HttpRequestMessage(HttpMethod.Get, "/back/echo"));
            Assert.Equal(200, (int)response.StatusCode);
        }

        await harness.Recorder.FlushAsync();
        await back.Recorder.FlushAsync();
        var segments = await receiver.WaitForSegmentsAsync(3);
        var job = Assert.Single(segments, segment => segment.Name == "job");
        Assert.Equal(2, job.Subsegments.Count);
        var backSegments = segments.Where(segment => segment.Name == "back").ToList();
        Assert.Equal(job.Subsegments.Select(call => call.Id).Order(), backSegments.Select(segment => segment.ParentId).Order());
        Assert.All(backSegments, segment => Assert.Equal(job.TraceId, segment.TraceId));
    }

    private Task<TestService> StartBackAsync() => TestService.StartAsync(receiver, app =>
    {
        app.UseXRay("back");
        app.MapGet("/back/echo", (HttpRequest request) => request.Headers[TraceHeader.HeaderName].FirstOrDefault() ?? "none");
        app.MapGet("/back/status/{code:int}", (int code) => Results.StatusCode(code));
    });

    private Task<TestService> StartFrontAsync(TestService back, Action<XRayRecorderOptions>? xray = null) => TestService.StartAsync(receiver, app =>
    {
        app.UseXRay("front");
        app.MapGet("/front", async (string to, IHttpClientFactory clients) =>
        {
            using var response = await clients.CreateClient("back").GetAsync(to);
            return Results.Text(await response.Content.ReadAsStringAsync());
        });
    }, services: builder => builder.Services.AddHttpClient("back", client => client.BaseAddress = back.Address).AddXRayTracing(), xray: xray);

    private async Task<IReadOnlyList<ReceivedEntity>> SegmentsAsync(int count, params TestService[] services)
    {
        foreach (var service in services)
            await service.Recorder.FlushAsync();
        var segments = await receiver.WaitForSegmentsAsync(count);
        Assert.Empty(receiver.Rejected);
        Assert.Equal(count, segments.Count);
        return segments;
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
