using System.Net.Sockets;
using System.Text;
using XRay.Testing;

namespace ArchiverDb.Tests;

public sealed class TraceViewTests
{
    private const string TraceId = "1-5759e988-bd862e3fe1be46a994272793";

    [Fact]
    public async Task Called_segment_is_drawn_under_the_subsegment_that_called_it_with_bars_on_the_trace_span()
    {
        using var receiver = new DaemonReceiver();
        await SendAsync(receiver, $$$"""
            {"name":"fetcher","id":"70de5b6f19ff9a0a","trace_id":"{{{TraceId}}}","start_time":100.0,"end_time":100.1,
             "http":{"request":{"method":"POST","url":"http://127.0.0.1:5080/fetch"},"response":{"status":200}},
             "subsegments":[{"name":"127.0.0.1","id":"53995c3f42cd8ad8","start_time":100.05,"end_time":100.1,"namespace":"remote",
               "http":{"request":{"method":"POST","url":"http://127.0.0.1:5080/archive"},"response":{"status":503}},"fault":true}]}
            """);
        await SendAsync(receiver, $$$"""
            {"name":"archiver","id":"8a3c60d7c9c1a2b4","trace_id":"{{{TraceId}}}","parent_id":"53995c3f42cd8ad8","start_time":100.05,"end_time":100.1,
             "annotations":{"archived_status":200},
             "subsegments":[{"name":"archiverdb@127.0.0.1","id":"1b2c3d4e5f607182","start_time":100.075,"end_time":100.1,"namespace":"remote",
               "sql":{"sanitized_query":"insert into archived_responses (status, body)\n  values (?, ?)"}}]}
            """);
        var segments = await receiver.WaitForSegmentsAsync(2);

        var lines = TraceView.Render(segments).Split('\n');

        Assert.StartsWith($"trace {TraceId}  2 segments, 100.0 ms ─", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("fetcher  POST /fetch 200 ", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("100.0 ms |" + new string('█', 32) + "|", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("└─ 127.0.0.1  POST /archive 503  FAULT ", lines[2], StringComparison.Ordinal);
        Assert.EndsWith("50.0 ms |" + new string(' ', 16) + new string('█', 16) + "|", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("   └─ archiver ", lines[3], StringComparison.Ordinal);
        Assert.Equal("      │  annotations: archived_status=200", lines[4]);
        Assert.StartsWith("      └─ archiverdb@127.0.0.1 ", lines[5], StringComparison.Ordinal);
        Assert.EndsWith("25.0 ms |" + new string(' ', 24) + new string('█', 8) + "|", lines[5], StringComparison.Ordinal);
        Assert.Equal("            sql: insert into archived_responses (status, body) values (?, ?)", lines[6]);
        Assert.All(lines, line => Assert.True(line.Length <= TraceView.Width, line));
    }

    private static async Task SendAsync(DaemonReceiver receiver, string document)
    {
        using var udp = new UdpClient();
        var compact = System.Text.Json.Nodes.JsonNode.Parse(document)!.ToJsonString();
        var datagram = Encoding.UTF8.GetBytes("{\"format\":\"json\",\"version\":1}\n" + compact);
        await udp.SendAsync(datagram, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, receiver.Port));
    }
}
