using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace XRay.Testing;

/// <summary>
/// A UDP listener on loopback that reads datagrams the way the X-Ray daemon does: at most 64 KiB each, split at the
/// first newline, a header that must be <c>{"format":"json","version":1}</c>, and a non-empty JSON document.
/// Anything else is rejected with a reason. Segments and streamed subsegments are reassembled into trees.
/// </summary>
public sealed class DaemonReceiver : IDisposable
{
    /// <summary>The daemon's read buffer.</summary>
    public const int BufferSize = 64 * 1024;

    private readonly Socket socket;
    private readonly Thread thread;
    private readonly Lock sync = new();
    private readonly List<byte[]> datagrams = [];
    private readonly List<string> rejected = [];
    private readonly List<JsonObject> documents = [];
    private long lastArrival = Environment.TickCount64;

    /// <summary>Binds a free port on 127.0.0.1 and starts listening.</summary>
    public DaemonReceiver()
    {
        socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)
        {
            // Bursts of thousands of datagrams must not overflow the kernel's queue while the test thread is busy.
            ReceiveBufferSize = 8 * 1024 * 1024,
        };
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        thread = new Thread(Receive) { IsBackground = true, Name = "daemon-receiver" };
        thread.Start();
    }

    /// <summary>The port datagrams are received on.</summary>
    public int Port { get; }

    /// <summary><c>127.0.0.1:port</c>, in the form of <c>AWS_XRAY_DAEMON_ADDRESS</c>.</summary>
    public string Address => $"127.0.0.1:{Port}";

    /// <summary>Raw datagrams received so far.</summary>
    public IReadOnlyList<byte[]> Datagrams
    {
        get
        {
            lock (sync)
                return [.. datagrams];
        }
    }

    /// <summary>Why datagrams were refused, one line each; a correct emitter leaves this empty.</summary>
    public IReadOnlyList<string> Rejected
    {
        get
        {
            lock (sync)
                return [.. rejected];
        }
    }

    /// <summary>Every accepted document, as received.</summary>
    public IReadOnlyList<JsonObject> Documents
    {
        get
        {
            lock (sync)
                return [.. documents];
        }
    }

    /// <summary>
    /// Waits until <paramref name="count"/> segments have arrived and nothing more has come for a short quiet
    /// period (so streamed subsegments are in), then returns the reassembled segments.
    /// </summary>
    /// <exception cref="TimeoutException">Fewer segments arrived within <paramref name="timeout"/>.</exception>
    public async Task<IReadOnlyList<ReceivedEntity>> WaitForSegmentsAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = Environment.TickCount64 + (long)(timeout ?? TimeSpan.FromSeconds(10)).TotalMilliseconds;
        while (true)
        {
            var segments = Segments();
            var quiet = Environment.TickCount64 - Interlocked.Read(ref lastArrival) > 150;
            if (segments.Count >= count && quiet)
                return segments;
            if (Environment.TickCount64 > deadline)
            {
                if (segments.Count >= count)
                    return segments;
                throw new TimeoutException($"Expected {count} segment(s) at {Address}, received {segments.Count} in {Documents.Count} document(s). Rejected: {string.Join("; ", Rejected)}");
            }

            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    /// <summary>Waits the quiet period and asserts, by returning the count, how many documents arrived.</summary>
    public async Task<int> SettleAsync(TimeSpan? quiet = null)
    {
        var wait = (long)(quiet ?? TimeSpan.FromMilliseconds(300)).TotalMilliseconds;
        while (Environment.TickCount64 - Interlocked.Read(ref lastArrival) < wait)
            await Task.Delay(20).ConfigureAwait(false);
        return Documents.Count;
    }

    /// <summary>The segments received so far, with streamed subsegments attached under their parents.</summary>
    public IReadOnlyList<ReceivedEntity> Segments()
    {
        var all = Documents;
        var byId = new Dictionary<(string Trace, string Id), ReceivedEntity>();
        var segments = new List<ReceivedEntity>();
        var streamed = new List<ReceivedEntity>();
        foreach (var document in all)
        {
            var traceId = (string?)document["trace_id"] ?? string.Empty;
            var isStreamed = (string?)document["type"] == "subsegment";
            var entity = Build(document, traceId, isStreamed, byId);
            (isStreamed ? streamed : segments).Add(entity);
        }

        foreach (var entity in streamed)
        {
            if (entity.ParentId is { } parentId && byId.TryGetValue((entity.TraceId, parentId), out var parent))
            {
                entity.Parent = parent;
                parent.Subsegments.Add(entity);
            }
        }

        return segments;
    }

    /// <summary>Every entity received, segments and subsegments, flattened.</summary>
    public IReadOnlyList<ReceivedEntity> AllEntities() => [.. Segments().SelectMany(segment => segment.DescendantsAndSelf())];

    /// <summary>Every datagram's text, joined, for asserting that something never reached the wire.</summary>
    public string AllText()
    {
        var builder = new StringBuilder();
        foreach (var datagram in Datagrams)
            builder.Append(Encoding.UTF8.GetString(datagram)).Append('\n');
        return builder.ToString();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        socket.Dispose();
        thread.Join(TimeSpan.FromSeconds(2));
    }

    private static ReceivedEntity Build(JsonObject json, string traceId, bool streamed, Dictionary<(string, string), ReceivedEntity> byId)
    {
        var entity = new ReceivedEntity(json, traceId, streamed);
        byId[(traceId, entity.Id)] = entity;
        if (json["subsegments"] is JsonArray children)
        {
            foreach (var child in children.OfType<JsonObject>())
            {
                var sub = Build(child, traceId, streamed: false, byId);
                sub.Parent = entity;
                entity.Subsegments.Add(sub);
            }
        }

        return entity;
    }

    private void Receive()
    {
        var buffer = new byte[BufferSize];
        while (true)
        {
            int length;
            try
            {
                length = socket.Receive(buffer);
            }
            catch (SocketException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            var datagram = buffer.AsSpan(0, length).ToArray();
            Interlocked.Exchange(ref lastArrival, Environment.TickCount64);
            var (document, reason) = Parse(datagram);
            lock (sync)
            {
                datagrams.Add(datagram);
                if (document is not null)
                    documents.Add(document);
                else
                    rejected.Add(reason!);
            }
        }
    }

    /// <summary>Parses one datagram as the daemon does; returns the document or the reason it was refused.</summary>
    public static (JsonObject? Document, string? Reason) Parse(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length >= BufferSize)
            return (null, $"datagram of {datagram.Length} bytes fills the daemon's buffer and would be cut");
        var newline = datagram.IndexOf((byte)'\n');
        if (newline < 0)
            return (null, "no header line");
        try
        {
            var header = JsonNode.Parse(datagram[..newline]) as JsonObject;
            if (header is null || (string?)header["format"] != "json" || header["version"]?.GetValue<int>() != 1)
                return (null, "header is not {\"format\":\"json\",\"version\":1}");
            var body = datagram[(newline + 1)..];
            if (body.Trim(" \t\r\n"u8).IsEmpty)
                return (null, "empty document");
            if (JsonNode.Parse(body) is not JsonObject document)
                return (null, "document is not a JSON object");
            return (document, null);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return (null, "invalid JSON: " + ex.Message);
        }
    }
}
