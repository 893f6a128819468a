using System.Text;
using System.Text.Json.Nodes;
using XRay.Testing;

namespace XRay.Data.Tests.Emitting;

public sealed class SegmentSerializerTests
{
    private sealed record Order(int Id, string Item);

    private static XRayRecorder QuietRecorder() => new(new XRayRecorderOptions
    {
        // The port is never listened on: these tests read the serializer's output directly.
        DaemonAddress = new DaemonAddress("127.0.0.1", 9),
        SamplingRules = new SamplingRules(new SamplingRule(0, 1)),
    });

    private static (JsonObject Header, JsonObject Document, byte[] Datagram) Serialize(Entity entity, bool streamed = false)
    {
        var datagram = new SegmentSerializer().Serialize(entity, streamed).ToArray();
        var (document, reason) = DaemonReceiver.Parse(datagram);
        Assert.Null(reason);
        var newline = Array.IndexOf(datagram, (byte)'\n');
        return ((JsonObject)JsonNode.Parse(datagram.AsSpan(0, newline))!, document!, datagram);
    }

    [Fact]
    public void Every_field_is_written_with_its_xray_name()
    {
        using var recorder = QuietRecorder();
        var header = new TraceHeader(TraceId.NewId(), EntityId.NewId(), SamplingDecision.Sampled);
        var segment = recorder.BeginSegment("archiver", header);
        segment.User = "alice";
        segment.Origin = "AWS::EC2::Instance";
        segment.ServiceVersion = "1.2.3";
        segment.Http = new HttpData { Method = "POST", Url = "http://localhost/archive", UserAgent = "curl/8", ClientIp = "10.1.2.3", XForwardedFor = true, Status = 201, ContentLength = 17 };
        segment.AddAnnotation("text", "hello");
        segment.AddAnnotation("integer", 42L);
        segment.AddAnnotation("floating", 2.5);
        segment.AddAnnotation("flag", true);
        segment.AddMetadata("order", new Order(7, "book"));
        segment.AddMetadata("count", 3, "stats");
        segment.AddMetadata("nothing", null, "stats");
        segment.AddAws("region", "eu-west-1");
        segment.Error = true;
        segment.Throttle = true;

        var sub = recorder.BeginSubsegment("orders@db");
        sub.Namespace = "remote";
        sub.Sql = new SqlData
        {
            Url = "postgresql://db:5432/orders",
            ConnectionString = "Host=db;Database=orders",
            SanitizedQuery = "select * from t where id = ?",
            DatabaseType = "PostgreSQL",
            DatabaseVersion = "15.8",
            DriverVersion = "Npgsql 10.0.0",
            User = "app",
            Preparation = "statement",
        };
        sub.AddException(new InvalidOperationException("failed", new TimeoutException("inner")), remote: true);
        sub.Dispose();
        segment.End();

        var (datagramHeader, document, _) = Serialize(segment);
        Assert.Equal("json", (string?)datagramHeader["format"]);
        Assert.Equal(1, (int)datagramHeader["version"]!);

        Assert.Equal("archiver", (string?)document["name"]);
        Assert.Equal(segment.Id.ToString(), (string?)document["id"]);
        Assert.Equal(header.Root.ToString(), (string?)document["trace_id"]);
        Assert.Equal(header.Parent.ToString(), (string?)document["parent_id"]);
        Assert.Null(document["type"]);
        Assert.Null(document["in_progress"]);
        Assert.True((double)document["end_time"]! >= (double)document["start_time"]!);
        Assert.Equal("alice", (string?)document["user"]);
        Assert.Equal("AWS::EC2::Instance", (string?)document["origin"]);
        Assert.Equal("1.2.3", (string?)document["service"]!["version"]);
        Assert.True((bool)document["error"]!);
        Assert.True((bool)document["throttle"]!);
        Assert.Null(document["fault"]);

        var request = document["http"]!["request"]!;
        Assert.Equal("POST", (string?)request["method"]);
        Assert.Equal("http://localhost/archive", (string?)request["url"]);
        Assert.Equal("curl/8", (string?)request["user_agent"]);
        Assert.Equal("10.1.2.3", (string?)request["client_ip"]);
        Assert.True((bool)request["x_forwarded_for"]!);
        Assert.Equal(201, (int)document["http"]!["response"]!["status"]!);
        Assert.Equal(17, (int)document["http"]!["response"]!["content_length"]!);

        var annotations = document["annotations"]!;
        Assert.Equal("hello", (string?)annotations["text"]);
        Assert.Equal(42, (long)annotations["integer"]!);
        Assert.Equal(2.5, (double)annotations["floating"]!);
        Assert.True((bool)annotations["flag"]!);

        Assert.Equal(7, (int)document["metadata"]!["default"]!["order"]!["Id"]!);
        Assert.Equal(3, (int)document["metadata"]!["stats"]!["count"]!);
        Assert.True(((JsonObject)document["metadata"]!["stats"]!).ContainsKey("nothing"));
        Assert.Equal("eu-west-1", (string?)document["aws"]!["region"]);

        var subsegment = (JsonObject)document["subsegments"]![0]!;
        Assert.Equal("orders@db", (string?)subsegment["name"]);
        Assert.Equal("remote", (string?)subsegment["namespace"]);
        Assert.Null(subsegment["trace_id"]);
        Assert.True((bool)subsegment["fault"]!);
        var sql = subsegment["sql"]!;
        foreach (var (field, expected) in new[]
        {
            ("url", "postgresql://db:5432/orders"), ("connection_string", "Host=db;Database=orders"), ("sanitized_query", "select * from t where id = ?"),
            ("database_type", "PostgreSQL"), ("database_version", "15.8"), ("driver_version", "Npgsql 10.0.0"), ("user", "app"), ("preparation", "statement"),
        })
            Assert.Equal(expected, (string?)sql[field]);

        var cause = subsegment["cause"]!;
        Assert.False(string.IsNullOrEmpty((string?)cause["working_directory"]));
        var exceptions = cause["exceptions"]!.AsArray();
        Assert.Equal(2, exceptions.Count);
        Assert.Equal("System.InvalidOperationException", (string?)exceptions[0]!["type"]);
        Assert.True((bool)exceptions[0]!["remote"]!);
        Assert.Equal((string?)exceptions[1]!["id"], (string?)exceptions[0]!["cause"]);
        Assert.Equal("inner", (string?)exceptions[1]!["message"]);
    }

    [Fact]
    public void Times_are_epoch_seconds_with_six_decimals()
    {
        using var recorder = QuietRecorder();
        var segment = recorder.BeginSegment("timed");
        segment.End();
        var (_, _, datagram) = Serialize(segment);
        var text = Encoding.UTF8.GetString(datagram);
        Assert.Matches("\"start_time\":1\\d{9}\\.\\d{6}[,}]", text);
        Assert.Matches("\"end_time\":1\\d{9}\\.\\d{6}[,}]", text);
    }

    [Fact]
    public void Open_entity_is_in_progress_without_end_time()
    {
        using var recorder = QuietRecorder();
        using var segment = recorder.BeginSegment("open");
        var (_, document, _) = Serialize(segment);
        Assert.True((bool)document["in_progress"]!);
        Assert.Null(document["end_time"]);
    }

    [Fact]
    public void Streamed_subsegment_carries_type_trace_and_parent()
    {
        using var recorder = QuietRecorder();
        using var segment = recorder.BeginSegment("root");
        var sub = recorder.BeginSubsegment("child");
        sub.End();
        var (_, document, _) = Serialize(sub, streamed: true);
        Assert.Equal("subsegment", (string?)document["type"]);
        Assert.Equal(segment.TraceId.ToString(), (string?)document["trace_id"]);
        Assert.Equal(segment.Id.ToString(), (string?)document["parent_id"]);
    }

    [Fact]
    public void Exception_with_200_frames_is_accepted_with_truncated_counting_the_frames_left_out()
    {
        using var recorder = QuietRecorder();
        var segment = recorder.BeginSegment("deep");
        InvalidOperationException? thrown = null;
        try
        {
            Recurse(200);
        }
        catch (InvalidOperationException ex)
        {
            thrown = ex;
            segment.AddException(ex);
        }

        segment.End();
        var frames = new System.Diagnostics.StackTrace(thrown!).FrameCount;
        Assert.True(frames > 200);
        var exception = Serialize(segment).Document["cause"]!["exceptions"]![0]!;
        Assert.Equal(ExceptionDescription.MaxStackFrames, exception["stack"]!.AsArray().Count);
        Assert.Equal(frames - ExceptionDescription.MaxStackFrames, (int)exception["truncated"]!);
        Assert.Null(exception["skipped"]);
        Assert.Contains("Recurse", (string?)exception["stack"]![0]!["label"]);
    }

    [Fact]
    public void Chain_deeper_than_a_cause_holds_keeps_its_root_cause_and_counts_the_exceptions_skipped()
    {
        using var recorder = QuietRecorder();
        var segment = recorder.BeginSegment("chain");
        Exception chain = new TimeoutException("root");
        for (var i = 11; i >= 1; i--)
            chain = new InvalidOperationException($"level {i}", chain);
        segment.AddException(chain);
        segment.End();

        var exceptions = Serialize(segment).Document["cause"]!["exceptions"]!.AsArray();
        Assert.Equal(8, exceptions.Count);
        Assert.Equal("level 1", (string?)exceptions[0]!["message"]);
        Assert.Equal("level 7", (string?)exceptions[6]!["message"]);
        Assert.Equal("root", (string?)exceptions[7]!["message"]);
        Assert.Equal((string?)exceptions[7]!["id"], (string?)exceptions[6]!["cause"]);
        Assert.Equal(4, (int)exceptions[6]!["skipped"]!);
        Assert.All(exceptions.Take(6), e => Assert.Null(e!["skipped"]));
        Assert.Null(exceptions[7]!["cause"]);
    }

    private static void Recurse(int depth)
    {
        if (depth == 0)
            throw new InvalidOperationException("deep");
        Recurse(depth - 1);
    }

    [Fact]
    public void Unserializable_metadata_is_recorded_as_a_note_not_an_exception()
    {
        using var recorder = QuietRecorder();
        var segment = recorder.BeginSegment("meta");
        var cycle = new List<object>();
        cycle.Add(cycle);
        segment.AddMetadata("cycle", cycle);
        segment.AddMetadata("nan", double.NaN);
        segment.AddMetadata("reserved", 1, "AWS.xray");
        segment.End();
        var document = Serialize(segment).Document;
        Assert.Contains("could not be serialized", (string?)document["metadata"]!["default"]!["cycle"]);
        Assert.Equal("NaN", (string?)document["metadata"]!["default"]!["nan"]);
        Assert.Null(document["metadata"]!["AWS.xray"]);
    }

    [Fact]
    public void Rows_of_a_database_call_are_sql_metadata_beside_what_was_added_there()
    {
        using var recorder = QuietRecorder();
        using var segment = recorder.BeginSegment("rows");
        var sub = recorder.BeginSubsegment("db@host");
        sub.Sql = new SqlData { SanitizedQuery = "select ?" };
        sub.RowsRead = 3;
        sub.AddMetadata("rows_read", "added by hand", "sql");
        sub.AddMetadata("plan", "seq scan", "sql");
        sub.End();

        var sql = (JsonObject)Serialize(sub, streamed: true).Document["metadata"]!["sql"]!;
        Assert.Equal(["rows_read", "plan"], sql.Select(p => p.Key).Order().Reverse());
        Assert.Equal(3, (int)sql["rows_read"]!);
        Assert.Equal("seq scan", (string?)sql["plan"]);
        Assert.Null(sql["rows_affected"]);
    }

    [Fact]
    public void Metadata_is_captured_when_added()
    {
        using var recorder = QuietRecorder();
        var segment = recorder.BeginSegment("snapshot");
        var items = new List<int> { 1 };
        segment.AddMetadata("items", items);
        items.Add(2);
        segment.End();
        Assert.Single(Serialize(segment).Document["metadata"]!["default"]!["items"]!.AsArray());
    }

    [Fact]
    public void Unicode_and_control_characters_survive_as_valid_json()
    {
        using var recorder = QuietRecorder();
        var segment = recorder.BeginSegment("unicode");
        const string text = "naïve \"quoted\" \\ back\nline\ttab \u0001 日本語 🚀";
        segment.AddAnnotation("text", text);
        segment.End();
        Assert.Equal(text, (string?)Serialize(segment).Document["annotations"]!["text"]);
    }
}
