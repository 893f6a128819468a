using System.Net.Http.Json;
using XRay.Data;

namespace ArchiverDb.Tests;

public sealed class FetcherTests
{
    [Fact]
    public async Task Unsampled_fetch_passes_the_decision_on_so_no_service_records_it()
    {
        await using var host = await ServiceHost.StartAsync(withDatabase: true);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/fetch")
        {
            Content = JsonContent.Create(new { url = $"{host.Client.BaseAddress}pages/quiet" }),
        };
        request.Headers.Add(TraceHeader.HeaderName, "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=0");

        using var response = await host.Client.SendAsync(request);
        await host.Recorder.FlushAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(0, await host.Receiver.SettleAsync());
    }

    [Fact]
    public async Task Unreachable_url_is_a_remote_fault_on_the_http_subsegment()
    {
        await using var host = await ServiceHost.StartAsync();
        var closedPort = new Uri($"http://127.0.0.1:{FreeClosedPort()}/pages/gone");

        using var response = await host.Client.PostAsJsonAsync("/fetch", new { url = closedPort.ToString() });

        Assert.Equal(502, (int)response.StatusCode);
        var fetcher = Assert.Single(await host.SegmentsAsync());
        Assert.True(fetcher.Flag("fault"));
        var call = Assert.Single(fetcher.Subsegments);
        Assert.Equal("127.0.0.1", call.Name);
        Assert.True(call.Flag("fault"));
        Assert.Equal(true, (bool?)call.Json["cause"]?["exceptions"]?[0]?["remote"]);
        Assert.Equal(closedPort.ToString(), (string?)call.Http?["request"]?["url"]);
    }

    [Fact]
    public async Task Bad_url_is_answered_400_without_a_call()
    {
        await using var host = await ServiceHost.StartAsync();

        using var response = await host.Client.PostAsJsonAsync("/fetch", new { url = "file:///etc/passwd" });

        Assert.Equal(400, (int)response.StatusCode);
        var fetcher = Assert.Single(await host.SegmentsAsync());
        Assert.True(fetcher.Flag("error"));
        Assert.Empty(fetcher.Subsegments);
    }

    private static int FreeClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
