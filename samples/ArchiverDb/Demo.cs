using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Npgsql;
using XRay.Data;
using XRay.Testing;

namespace ArchiverDb;

/// <summary>
/// Starts both services, sends them a handful of requests and prints the traces the X-Ray daemon would have
/// received: an archive and its read-back, a list, a missing id, a malformed body, and two fetches that fan out.
/// </summary>
public static class Demo
{
    public static async Task<DemoResult> RunAsync(DemoOptions options, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var server = new NpgsqlConnectionStringBuilder(options.ConnectionString ?? LocalPostgres.ConnectionStringFrom("XRAYDATA_POSTGRES"))
        {
            Database = options.Database,
        };
        var connectionString = server.ConnectionString;

        using var receiver = options.Daemon is null ? new DaemonReceiver() : null;
        var daemon = options.Daemon ?? new DaemonAddress("127.0.0.1", receiver!.Port);

        output.WriteLine($"PostgreSQL at {server.Host}:{server.Port}, database {server.Database}.");
        await ArchiverApp.CreateSchemaAsync(connectionString, cancellationToken);
        await using var app = ArchiverApp.Build(connectionString, xray =>
        {
            xray.DaemonAddress = daemon;
            // The demo records every request; a service left with the default rules records the first each second, then 5%.
            xray.SamplingRules = new SamplingRules(new SamplingRule(fixedTarget: 0, rate: 1.0));
        }, options.Urls, logToConsole: options.Serve);
        var recorder = app.Services.GetRequiredService<XRayRecorder>();
        await app.StartAsync(cancellationToken);
        var address = app.Urls.First();
        output.WriteLine($"Fetcher and archiver listening on {address}.");
        output.WriteLine($"Segments go to {(receiver is null ? "the X-Ray daemon" : "a local receiver")} at {daemon.UdpHost}:{daemon.UdpPort}.");
        output.WriteLine();

        using var client = new HttpClient { BaseAddress = new Uri(address) };
        var calls = new List<DemoCall>();
        var expected = 0;
        async Task<DemoCall> SendAsync(HttpMethod method, string path, string? json = null, int segments = 1)
        {
            using var request = new HttpRequestMessage(method, path);
            if (json is not null)
                request.Content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
            using var response = await client.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var traceId = response.Headers.TryGetValues(TraceHeader.HeaderName, out var values)
                && TraceHeader.TryParse(values.FirstOrDefault(), out var header) ? header!.Root.ToString() : null;
            var call = new DemoCall(method.Method, path, (int)response.StatusCode, traceId, body);
            output.WriteLine($"{call.Method,-5} {call.Path,-40} -> {call.Status}  {call.TraceId}");
            calls.Add(call);
            expected += segments;
            return call;
        }

        var archived = await SendAsync(HttpMethod.Post, "/archive", """{"status": 200, "body": "<html>hello</html>"}""");
        using var created = JsonDocument.Parse(archived.Body);
        var id = created.RootElement.GetProperty("id").GetInt64();
        await SendAsync(HttpMethod.Get, $"/archive/{id}");
        await SendAsync(HttpMethod.Get, "/archive?status=200");
        await SendAsync(HttpMethod.Get, "/archive?since=a-week-ago");
        await SendAsync(HttpMethod.Get, "/archive/987654321");
        await SendAsync(HttpMethod.Post, "/archive", """{"status": 200, "body": """);
        await SendAsync(HttpMethod.Post, "/fetch", $$"""{"url": "{{address}}/pages/welcome"}""", segments: 3);
        await SendAsync(HttpMethod.Post, "/fetch", $$"""{"url": "{{address}}/pages/broken"}""", segments: 3);
        output.WriteLine();

        await recorder.FlushAsync(cancellationToken);
        IReadOnlyList<ReceivedEntity> received = [];
        if (receiver is null)
        {
            output.WriteLine($"Sent {recorder.Statistics.DatagramsSent} datagram(s) to the X-Ray daemon; open the X-Ray console to see the traces.");
        }
        else
        {
            received = await receiver.WaitForSegmentsAsync(expected, TimeSpan.FromSeconds(20));
            if (options.Json)
                WriteDatagrams(output, receiver.Datagrams);
            else
                TraceView.Write(output, received);
        }

        if (options.Serve)
        {
            // The host stops on SIGTERM and Ctrl+C by itself; serving ends with it.
            using var serving = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, app.Lifetime.ApplicationStopping);
            await ServeAsync(address, recorder, receiver, options.Json, output, serving.Token);
        }

        await app.StopAsync(CancellationToken.None);
        return new DemoResult(calls, received, receiver?.AllText() ?? string.Empty, receiver?.Rejected ?? []);
    }

    /// <summary>Each datagram as the daemon reads it: the header line, then the document, then a blank line.</summary>
    private static void WriteDatagrams(TextWriter output, IEnumerable<byte[]> datagrams)
    {
        foreach (var datagram in datagrams)
        {
            output.WriteLine(Encoding.UTF8.GetString(datagram));
            output.WriteLine();
        }
    }

    /// <summary>Keeps the services up and prints each new trace once its datagrams have stopped arriving.</summary>
    private static async Task ServeAsync(string address, XRayRecorder recorder, DaemonReceiver? receiver, bool json, TextWriter output, CancellationToken cancellationToken)
    {
        output.WriteLine($"Serving on {address} until Ctrl+C. Try:");
        output.WriteLine($"  curl -s -X POST {address}/fetch -H 'Content-Type: application/json' -d '{{\"url\": \"{address}/pages/hello\"}}'");
        output.WriteLine();
        var printed = receiver?.Segments().Select(segment => segment.Id).ToHashSet() ?? [];
        var printedDatagrams = receiver?.Datagrams.Count ?? 0;
        var seen = receiver?.Documents.Count ?? 0;
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
                await recorder.FlushAsync(cancellationToken);
                if (receiver is null)
                    continue;
                var count = receiver.Documents.Count;
                if (count != seen)
                {
                    // Still arriving: wait for a quiet poll so that a trace prints whole.
                    seen = count;
                    continue;
                }

                if (json)
                {
                    var datagrams = receiver.Datagrams;
                    WriteDatagrams(output, datagrams.Skip(printedDatagrams));
                    printedDatagrams = datagrams.Count;
                    continue;
                }

                var fresh = receiver.Segments().Where(segment => !printed.Contains(segment.Id)).ToList();
                TraceView.Write(output, fresh);
                printed.UnionWith(fresh.Select(segment => segment.Id));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
