using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace XRay.Testing;

/// <summary>
/// A UDP listener on loopback that reads datagrams the way the X-Ray daemon does (at most 64 KiB each, split at the
/// first newline, a header that must be <c>{"format":"json","version":1}</c>, a non-empty JSON document) and judges
/// each document as strictly as the X-Ray API and the CloudWatch agent do (<see cref="SegmentDocumentRules"/>).
/// A refused datagram is kept with its reason in <see cref="Rejected"/>, and from then on every read of what arrived
/// (<see cref="Segments"/>, <see cref="Documents"/>, the waits) and <see cref="Dispose"/> throw
/// <see cref="RejectedDocumentException"/>: a test that receives datagrams fails unless every one was accepted.
/// Segments and streamed subsegments are reassembled into trees; a later document with an entity's id replaces an
/// in-progress one.
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
    private bool disposed;

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

    /// <summary>Why datagrams were refused, one line each; a correct emitter leaves this empty. Reading it never throws.</summary>
    public IReadOnlyList<string> Rejected
    {
        get
        {
            lock (sync)
                return [.. rejected];
        }
    }

    /// <summary>Every accepted document, as received.</summary>
    /// <exception cref="RejectedDocumentException">A datagram was refused.</exception>
    public IReadOnlyList<JsonObject> Documents
    {
        get
        {
            lock (sync)
            {
                ThrowIfRejected();
                return [.. documents];
            }
        }
    }

    /// <summary>
    /// Returns the reasons of the datagrams refused so far and forgets them, for a test that sends bad documents on
    /// purpose; the receiver then stops throwing for them.
    /// </summary>
    public IReadOnlyList<string> TakeRejected()
    {
        lock (sync)
        {
            var taken = rejected.ToList();
            rejected.Clear();
            return taken;
        }
    }

    /// <summary>
    /// Waits until <paramref name="count"/> segments have arrived and nothing more has come for a short quiet
    /// period (so streamed subsegments are in), then returns the reassembled segments.
    /// </summary>
    /// <exception cref="TimeoutException">Fewer segments arrived within <paramref name="timeout"/>.</exception>
    /// <exception cref="RejectedDocumentException">A datagram was refused.</exception>
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
                throw new TimeoutException($"Expected {count} segment(s) at {Address}, received {segments.Count} in {Documents.Count} document(s).");
            }

            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    /// <summary>Waits the quiet period and asserts, by returning the count, how many documents arrived.</summary>
    /// <exception cref="RejectedDocumentException">A datagram was refused.</exception>
    public async Task<int> SettleAsync(TimeSpan? quiet = null)
    {
        var wait = (long)(quiet ?? TimeSpan.FromMilliseconds(300)).TotalMilliseconds;
        while (Environment.TickCount64 - Interlocked.Read(ref lastArrival) < wait)
            await Task.Delay(20).ConfigureAwait(false);
        return Documents.Count;
    }

    /// <summary>
    /// The segments received so far, with streamed subsegments attached under their parents. A document whose id was
    /// seen before replaces the earlier entity when that one was in progress (a finished one is not replaced by an
    /// in-progress copy), as X-Ray does.
    /// </summary>
    /// <exception cref="RejectedDocumentException">A datagram was refused.</exception>
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
            var entity = Build(document, traceId, isStreamed);
            if (isStreamed)
            {
                streamed.Add(entity);
                continue;
            }

            var earlier = segments.FindIndex(s => s.TraceId == traceId && s.Id == entity.Id);
            if (earlier < 0)
            {
                segments.Add(entity);
            }
            else if (Replaces(entity, segments[earlier]))
            {
                Adopt(entity, segments[earlier]);
                segments[earlier] = entity;
            }
        }

        foreach (var segment in segments)
            Index(segment, byId);

        // A streamed subsegment may arrive before the streamed parent it belongs under: attach in passes.
        for (var attached = true; attached && streamed.Count > 0;)
        {
            attached = false;
            foreach (var entity in streamed.ToList())
            {
                if (entity.ParentId is not { } parentId || !byId.TryGetValue((entity.TraceId, parentId), out var parent))
                    continue;
                streamed.Remove(entity);
                attached = true;
                var earlier = parent.Subsegments.FindIndex(s => s.Id == entity.Id);
                if (earlier >= 0 && !Replaces(entity, parent.Subsegments[earlier]))
                    continue;
                entity.Parent = parent;
                if (earlier >= 0)
                {
                    Adopt(entity, parent.Subsegments[earlier]);
                    parent.Subsegments[earlier] = entity;
                }
                else
                {
                    parent.Subsegments.Add(entity);
                }

                Index(entity, byId);
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

    /// <summary>
    /// Judges what is still on its way (datagrams already sent but not yet read), stops listening, and throws when
    /// any datagram was refused, so that a test which never looked at what arrived still fails on a bad document.
    /// </summary>
    /// <exception cref="RejectedDocumentException">A datagram was refused.</exception>
    public void Dispose()
    {
        if (disposed)
            return;
        disposed = true;
        var deadline = Environment.TickCount64 + 2_000;
        while (Environment.TickCount64 < deadline && (Available() > 0 || Environment.TickCount64 - Interlocked.Read(ref lastArrival) < 20))
            Thread.Sleep(5);
        socket.Dispose();
        thread.Join(TimeSpan.FromSeconds(2));
        lock (sync)
            ThrowIfRejected();
    }

    private int Available()
    {
        try
        {
            return socket.Available;
        }
        catch (SocketException)
        {
            return 0;
        }
    }

    private void ThrowIfRejected()
    {
        if (rejected.Count > 0)
            throw new RejectedDocumentException(rejected);
    }

    private static string Excerpt(byte[] datagram)
    {
        var text = Encoding.UTF8.GetString(datagram);
        return text.Length <= 300 ? text : text[..300] + "...";
    }

    /// <summary>A replacing document does not take away the subsegments that arrived under the one it replaces.</summary>
    private static void Adopt(ReceivedEntity replacing, ReceivedEntity replaced)
    {
        foreach (var child in replaced.Subsegments)
        {
            if (replacing.Subsegments.Any(s => s.Id == child.Id))
                continue;
            child.Parent = replacing;
            replacing.Subsegments.Add(child);
        }
    }

    private static bool Replaces(ReceivedEntity later, ReceivedEntity earlier) => earlier.InProgress || !later.InProgress;

    private static void Index(ReceivedEntity entity, Dictionary<(string, string), ReceivedEntity> byId)
    {
        foreach (var each in entity.DescendantsAndSelf())
            byId[(entity.TraceId, each.Id)] = each;
    }

    private static ReceivedEntity Build(JsonObject json, string traceId, bool streamed)
    {
        var entity = new ReceivedEntity(json, traceId, streamed);
        if (json["subsegments"] is JsonArray children)
        {
            foreach (var child in children.OfType<JsonObject>())
            {
                var sub = Build(child, traceId, streamed: false);
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
                    rejected.Add($"{reason} -- in: {Excerpt(datagram)}");
            }
        }
    }

    /// <summary>
    /// Parses one datagram as the daemon does and judges its document as the X-Ray API and the CloudWatch agent do;
    /// returns the document or the reason it was refused.
    /// </summary>
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
            return SegmentDocumentRules.Check(document) is { } problem ? (null, problem) : (document, null);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return (null, "invalid JSON: " + ex.Message);
        }
    }
}
