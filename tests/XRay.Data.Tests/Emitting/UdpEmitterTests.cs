using System.Net;
using System.Net.Sockets;
using XRay.Testing;

namespace XRay.Data.Tests.Emitting;

public sealed class UdpEmitterTests
{
    [Fact]
    public async Task Six_hundred_subsegments_all_arrive_in_datagrams_under_64_KB()
    {
        await using var harness = new TracingHarness(o => o.StreamingThreshold = int.MaxValue);
        var payload = new string('x', 100);
        Subsegment[] subsegments;
        using (harness.Recorder.BeginSegment("big"))
        {
            subsegments = new Subsegment[600];
            for (var i = 0; i < subsegments.Length; i++)
            {
                using var sub = harness.Recorder.BeginSubsegment($"sub-{i:D3}");
                sub.AddAnnotation("p", payload);
                subsegments[i] = sub;
            }
        }

        var segment = Assert.Single(await harness.SegmentsAsync());
        var names = segment.DescendantsAndSelf().Skip(1).Select(s => s.Name).OrderBy(n => n).ToList();
        Assert.Equal(Enumerable.Range(0, 600).Select(i => $"sub-{i:D3}"), names);
        Assert.All(harness.Receiver.Datagrams, d => Assert.True(d.Length <= StreamingPolicy.MaxDatagramSize, $"datagram of {d.Length} bytes"));
        Assert.True(harness.Receiver.Datagrams.Count > 1, "a document that large must be split");
        Assert.Empty(harness.Receiver.Rejected);
        Assert.All(segment.Subsegments.Where(s => s.Streamed), s => Assert.Equal(segment.Id, s.ParentId));
        Assert.Equal(0, harness.Recorder.Statistics.DroppedTooLarge);
    }

    [Fact]
    public async Task Past_the_streaming_threshold_finished_subsegments_are_sent_on_their_own()
    {
        await using var harness = new TracingHarness(o => o.StreamingThreshold = 10);
        using (harness.Recorder.BeginSegment("streaming"))
        {
            for (var i = 0; i < 30; i++)
            {
                using (harness.Recorder.BeginSubsegment($"s{i}"))
                {
                }
            }
        }

        var segment = Assert.Single(await harness.SegmentsAsync());
        Assert.Equal(30, segment.Subsegments.Count);
        Assert.Equal(20, segment.Subsegments.Count(s => s.Streamed));
        Assert.Equal(21, harness.Receiver.Documents.Count);
    }

    [Fact]
    public async Task Nested_subsegments_stream_with_their_children()
    {
        await using var harness = new TracingHarness(o => o.StreamingThreshold = 2);
        using (harness.Recorder.BeginSegment("tree"))
        {
            for (var i = 0; i < 4; i++)
            {
                using var parent = harness.Recorder.BeginSubsegment($"p{i}");
                using (harness.Recorder.BeginSubsegment($"c{i}"))
                {
                }
            }
        }

        var segment = Assert.Single(await harness.SegmentsAsync());
        Assert.Equal(4, segment.Subsegments.Count);
        Assert.All(segment.Subsegments, p => Assert.Equal("c" + p.Name[1..], Assert.Single(p.Subsegments).Name));
    }

    [Fact]
    public async Task A_single_oversized_field_is_truncated_with_a_marker()
    {
        await using var harness = new TracingHarness();
        using (var segment = harness.Recorder.BeginSegment("huge"))
        {
            using var sub = harness.Recorder.BeginSubsegment("query");
            sub.Sql = new SqlData { SanitizedQuery = "select " + new string('c', 100_000) };
            segment.AddMetadata("blob", Enumerable.Range(0, 20_000).ToArray());
        }

        var received = Assert.Single(await harness.SegmentsAsync());
        var query = (string?)received.DescendantsAndSelf().Single(s => s.Name == "query").Sql!["sanitized_query"];
        Assert.EndsWith(Truncation.Marker, query);
        Assert.StartsWith("select ccc", query);
        Assert.Contains("truncated", (string?)received.Json["metadata"]!["default"]!["blob"]);
        // The query's subsegment is streamed and truncated on its own; the segment's metadata is truncated in turn.
        Assert.Equal(2, harness.Recorder.Statistics.TruncatedDocuments);
        Assert.All(harness.Receiver.Datagrams, d => Assert.True(d.Length <= StreamingPolicy.MaxDatagramSize));
    }

    [Fact]
    public async Task Oversized_document_cuts_metadata_first_and_keeps_name_query_and_cause()
    {
        await using var harness = new TracingHarness();
        var name = "orders@" + new string('h', XRayNames.MaxNameLength - 7);
        var query = "select * from orders where id = ? -- " + new string('q', 4000);
        using (harness.Recorder.BeginSegment("request"))
        {
            using var sub = harness.Recorder.BeginSubsegment(name);
            sub.Sql = new SqlData { SanitizedQuery = query };
            sub.AddMetadata("blob", new string('m', 70_000));
            sub.AddException(new InvalidOperationException("kept whole"));
        }

        var received = Assert.Single(Assert.Single(await harness.SegmentsAsync()).Subsegments);
        Assert.Equal(name, received.Name);
        Assert.Equal(query, (string?)received.Sql!["sanitized_query"]);
        Assert.Equal("kept whole", (string?)received.Json["cause"]!["exceptions"]![0]!["message"]);
        var blob = (string?)received.Json["metadata"]!["default"]!["blob"];
        Assert.Equal(1024, blob!.Length);
        Assert.EndsWith(Truncation.Marker, blob, StringComparison.Ordinal);
        Assert.Equal(1, harness.Recorder.Statistics.TruncatedDocuments);
    }

    [Fact]
    public async Task Name_ids_and_times_are_never_cut_even_when_every_other_field_must_be()
    {
        await using var harness = new TracingHarness();
        var name = new string('n', XRayNames.MaxNameLength);
        Segment segment;
        using (segment = harness.Recorder.BeginSegment(name))
        {
            for (var i = 0; i < 400; i++)
                segment.AddAnnotation($"a{i}", new string('v', Entity.MaxAnnotationValueLength));
        }

        var received = Assert.Single(await harness.SegmentsAsync());
        Assert.Equal(name, received.Name);
        Assert.Equal(segment.Id.ToString(), received.Id);
        Assert.Equal(segment.TraceId.ToString(), received.TraceId);
        Assert.NotNull(received.Json["end_time"]);
        var annotations = (System.Text.Json.Nodes.JsonObject)received.Json["annotations"]!;
        Assert.Equal(400, annotations.Count);
        Assert.All(annotations, a => Assert.EndsWith(Truncation.Marker, (string?)a.Value, StringComparison.Ordinal));
        Assert.Equal(1, harness.Recorder.Statistics.TruncatedDocuments);
    }

    [Fact]
    public async Task Splitting_an_oversized_document_leaves_the_recorded_tree_unchanged()
    {
        await using var harness = new TracingHarness(o => o.StreamingThreshold = int.MaxValue);
        Segment segment;
        using (segment = harness.Recorder.BeginSegment("split"))
        {
            for (var i = 0; i < 100; i++)
            {
                using var sub = harness.Recorder.BeginSubsegment($"sub-{i}");
                sub.AddAnnotation("p", new string('x', 900));
            }
        }

        var received = Assert.Single(await harness.SegmentsAsync());
        Assert.Equal(100, received.Subsegments.Count);
        Assert.Contains(received.Subsegments, s => s.Streamed);
        Assert.Equal(100, segment.Children!.Count);
    }

    [Fact]
    public async Task Sender_thread_runs_at_the_lowest_priority_so_the_application_comes_first()
    {
        Assert.True(OperatingSystem.IsLinux(), "the nice value is read from /proc, which the test environment has");
        await using var recorder = new XRayRecorder(new XRayRecorderOptions { DaemonAddress = new DaemonAddress("127.0.0.1", 9) });
        await recorder.FlushAsync();

        // Other tests' recorders end meanwhile, and a thread that has exited leaves /proc between listing and reading.
        var senders = Directory.GetDirectories("/proc/self/task")
            .Where(task => ReadTaskFile(task, "comm")?.Trim() == "X-Ray sender")
            .Select(task => ReadTaskFile(task, "stat"))
            .OfType<string>()
            .ToList();
        Assert.NotEmpty(senders);
        // stat: "tid (comm) state ..." where nice is the 19th field; comm may hold spaces, so count after the ')'.
        Assert.All(senders, stat => Assert.Equal("19", stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[16]));
    }

    private static string? ReadTaskFile(string task, string name)
    {
        try
        {
            return File.ReadAllText(Path.Combine(task, name));
        }
        catch (IOException)
        {
            return null;
        }
    }

    [Fact]
    public async Task Missing_daemon_never_throws_into_the_application()
    {
        // Bind and release a port so that nothing listens there and the kernel answers "port unreachable".
        int port;
        using (var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
            port = ((IPEndPoint)probe.Client.LocalEndPoint!).Port;

        await using var recorder = new XRayRecorder(new XRayRecorderOptions
        {
            DaemonAddress = new DaemonAddress("127.0.0.1", port),
            SamplingRules = new SamplingRules(new SamplingRule(0, 1)),
        });
        for (var i = 0; i < 50; i++)
        {
            using var segment = recorder.BeginSegment("nobody-listens");
            using var sub = recorder.BeginSubsegment("work");
        }

        await recorder.FlushAsync();
        var stats = recorder.Statistics;
        Assert.Equal(50, stats.DatagramsSent + stats.SendFailures);
    }

    [Fact]
    public async Task Unresolvable_daemon_host_is_counted_not_thrown()
    {
        var logger = new ListLogger();
        await using var recorder = new XRayRecorder(new XRayRecorderOptions
        {
            DaemonAddress = new DaemonAddress("no-such-host.invalid", 2000),
            SamplingRules = new SamplingRules(new SamplingRule(0, 1)),
            Logger = logger,
        });
        using (recorder.BeginSegment("lost"))
        {
        }

        await recorder.FlushAsync();
        Assert.Equal(1, recorder.Statistics.SendFailures);
        Assert.Contains(logger.Lines, l => l.Contains("no-such-host.invalid"));
    }

    [Fact]
    public async Task Full_queue_drops_and_counts_without_blocking()
    {
        using var receiver = new DaemonReceiver();
        await using var recorder = new XRayRecorder(new XRayRecorderOptions
        {
            DaemonAddress = new DaemonAddress("127.0.0.1", receiver.Port),
            SamplingRules = new SamplingRules(new SamplingRule(0, 1)),
            QueueCapacity = 2,
        });
        const int total = 5_000;
        for (var i = 0; i < total; i++)
        {
            using var segment = recorder.BeginSegment("burst");
        }

        await recorder.FlushAsync();
        var stats = recorder.Statistics;
        Assert.True(stats.DroppedQueueFull > 0, "a queue of two cannot hold a burst of 5,000");
        Assert.Equal(total, stats.DatagramsSent + stats.DroppedQueueFull);
    }

    [Fact]
    public async Task Dispose_delivers_what_is_queued()
    {
        using var receiver = new DaemonReceiver();
        var recorder = new XRayRecorder(new XRayRecorderOptions
        {
            DaemonAddress = new DaemonAddress("127.0.0.1", receiver.Port),
            SamplingRules = new SamplingRules(new SamplingRule(0, 1)),
        });
        for (var i = 0; i < 100; i++)
        {
            using var segment = recorder.BeginSegment($"s{i}");
        }

        await recorder.DisposeAsync();
        Assert.Equal(100, (await receiver.WaitForSegmentsAsync(100)).Count);
    }
}
