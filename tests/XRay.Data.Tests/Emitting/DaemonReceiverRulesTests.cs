using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using XRay.Testing;

namespace XRay.Data.Tests.Emitting;

/// <summary>
/// The test receiver refuses what the X-Ray API and the CloudWatch agent refuse: each rule is fed a document that
/// breaks it, so that every test receiving datagrams through it is known to assert acceptance.
/// </summary>
public sealed class DaemonReceiverRulesTests
{
    private const string Valid = """
        {"name":"checkout","id":"70de5b6f19ff9a0a","trace_id":"1-581cf771-a006649127e371903a2de979","start_time":1478293361.271,"end_time":1478293361.449,
         "user":"alice","http":{"request":{"method":"GET","url":"https://example.com/","client_ip":"10.0.0.1","x_forwarded_for":true},"response":{"status":200,"content_length":12}},
         "aws":{"account_id":"123456789012","region":"eu-west-1","table_names":["a","b"],"retries":2,"ec2":{"instance_id":"i-1"},"xray":{"sdk":"X","auto_instrumentation":false}},
         "annotations":{"order_id":"42","count":3,"ratio":0.5,"ok":true},
         "metadata":{"default":{"anything":{"nested":[1,2,null]}}},
         "cause":{"working_directory":"/app","exceptions":[{"id":"0e4e3b5d6f7a8b9c","message":"m","type":"T","remote":true,"truncated":3,"skipped":1,"cause":"1e4e3b5d6f7a8b9c","stack":[{"path":"a.cs","line":3,"label":"M"}]},{"id":"1e4e3b5d6f7a8b9c","message":"inner"}]},
         "subsegments":[{"name":"orders@db","id":"53995c3f42cd8ad8","start_time":1478293361.3,"end_time":1478293361.4,"namespace":"remote",
           "sql":{"url":"postgresql://db:5432/orders","sanitized_query":"select ?","database_type":"PostgreSQL","preparation":"statement","connection_string":"Host=db","database_version":"15","driver_version":"Npgsql 10","user":"app"}},
           {"name":"open","id":"63995c3f42cd8ad8","start_time":1478293361.3,"in_progress":true,"cause":"0e4e3b5d6f7a8b9c"}]}
        """;

    private const string ValidStreamed = """
        {"name":"orders@db","id":"53995c3f42cd8ad8","trace_id":"1-581cf771-a006649127e371903a2de979","type":"subsegment","parent_id":"70de5b6f19ff9a0a","start_time":1478293361.3,"end_time":1478293361.4,"namespace":"remote"}
        """;

    public static TheoryData<string, string, string> Violations => new()
    {
        { "name missing", "$.name=", "name is required" },
        { "name a number", "$.name=7", "name must be a string" },
        { "name empty", "$.name=\"\"", "name must not be empty" },
        { "name over 200", $"$.name=\"{new string('n', 201)}\"", "over 200" },
        { "name with a bracket", "$.name=\"a<b>\"", "outside letters" },
        { "embedded name missing", "$.subsegments.0.name=", "subsegments[0]" },
        { "id missing", "$.id=", "id is required" },
        { "id too short", "$.id=\"70de5b6f19ff9a0\"", "id must be 16" },
        { "id upper case", "$.id=\"70DE5B6F19FF9A0A\"", "id must be 16" },
        { "embedded id a number", "$.subsegments.0.id=5", "id must be 16" },
        { "parent id malformed", "$.parent_id=\"xyz\"", "parent_id must be 16" },
        { "trace id missing", "$.trace_id=", "trace_id is required" },
        { "trace id of 37 characters", "$.trace_id=\"1-581cf771-a006649127e371903a2de97900\"", "trace_id must be" },
        { "trace id with another version", "$.trace_id=\"2-581cf771-a006649127e371903a2de979\"", "trace_id must be" },
        { "start time missing", "$.start_time=", "start_time is required" },
        { "embedded start time missing", "$.subsegments.0.start_time=", "start_time is required" },
        { "start time a string", "$.start_time=\"1478293361.271\"", "start_time must be a number" },
        { "end time a string", "$.end_time=\"1478293361.449\"", "end_time must be a number" },
        { "neither end nor in progress", "$.end_time=", "neither end_time nor in_progress" },
        { "both end and in progress", "$.in_progress=true", "both end_time and in_progress" },
        { "in progress a string", "$.subsegments.1.in_progress=\"true\"", "in_progress must be a boolean" },
        { "fault a number", "$.fault=1", "fault must be a boolean" },
        { "user a number", "$.user=5", "user must be a string" },
        { "namespace local", "$.subsegments.0.namespace=\"local\"", "namespace must be" },
        { "http status a string", "$.http.response.status=\"200\"", "status must be an integer" },
        { "http status with a fraction", "$.http.response.status=200.5", "status must be an integer" },
        { "http url a number", "$.http.request.url=1", "url must be a string" },
        { "aws account id a number", "$.aws.account_id=123456789012", "aws.account_id must be a string" },
        { "aws region an object", "$.aws.region={}", "aws.region must be a string" },
        { "aws table names a string", "$.aws.table_names=\"a\"", "aws.table_names must be an array of strings" },
        { "aws retries a string", "$.aws.retries=\"2\"", "aws.retries must be an integer" },
        { "aws ec2 a string", "$.aws.ec2=\"i-1\"", "aws.ec2 must be an object" },
        { "aws ec2 member a number", "$.aws.ec2.instance_id=1", "aws.ec2.instance_id must be a string" },
        { "aws ecs an array", "$.aws.ecs=[]", "aws.ecs must be an object" },
        { "aws eks a number", "$.aws.eks=1", "aws.eks must be an object" },
        { "aws beanstalk deployment id text", "$.aws.elastic_beanstalk={\"deployment_id\":\"7\"}", "deployment_id must be an integer" },
        { "aws xray flag a string", "$.aws.xray.auto_instrumentation=\"no\"", "auto_instrumentation must be a boolean" },
        { "sql url without a database", "$.subsegments.0.sql.url=\"postgresql://u@h:5432\"", "sql.url" },
        { "sql url with an empty database", "$.subsegments.0.sql.url=\"postgresql://h:5432/\"", "sql.url" },
        { "sql url with only a query", "$.subsegments.0.sql.url=\"postgresql://h:5432?dbname=x\"", "sql.url" },
        { "sql query a number", "$.subsegments.0.sql.sanitized_query=1", "sql.sanitized_query must be a string" },
        { "annotation key with a dash", "$.annotations.a-b=1", "annotation key 'a-b'" },
        { "annotation an object", "$.annotations.bad={}", "annotation 'bad' must be" },
        { "annotation null", "$.annotations.bad=null", "annotation 'bad' must be" },
        { "metadata namespace a string", "$.metadata.default=\"x\"", "metadata namespace 'default' must be an object" },
        { "metadata reserved namespace", "$.metadata.AWS.xray={}", "reserved" },
        { "cause a number", "$.cause=5", "cause must be an exception id or an object" },
        { "cause id malformed", "$.subsegments.1.cause=\"nope\"", "exception id" },
        { "exception without id", "$.cause.exceptions.0.id=", "exceptions[0].id is required" },
        { "truncated a boolean", "$.cause.exceptions.0.truncated=true", "truncated must be an integer" },
        { "skipped a boolean", "$.cause.exceptions.0.skipped=true", "skipped must be an integer" },
        { "exception cause a number", "$.cause.exceptions.0.cause=3", "cause must be 16" },
        { "frame line a string", "$.cause.exceptions.0.stack.0.line=\"3\"", "line must be an integer" },
        { "frame line with a fraction", "$.cause.exceptions.0.stack.0.line=3.5", "line must be an integer" },
        { "subsegments an object", "$.subsegments={}", "subsegments must be an array" },
        { "embedded subsegment with a type", "$.subsegments.0.type=\"subsegment\"", "must not carry type" },
    };

    [Fact]
    public void A_document_following_every_rule_is_accepted()
    {
        Assert.Null(SegmentDocumentRules.Check(Parse(Valid)));
        Assert.Null(SegmentDocumentRules.Check(Parse(ValidStreamed)));
    }

    [Theory]
    [MemberData(nameof(Violations))]
    public void A_document_breaking_a_rule_is_refused_with_its_reason(string rule, string change, string reason)
    {
        var document = Parse(Valid);
        Apply(document, change);
        var refused = SegmentDocumentRules.Check(document);
        Assert.True(refused is not null, $"{rule}: accepted");
        Assert.Contains(reason, refused, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("$.parent_id=", "must carry parent_id")]
    [InlineData("$.trace_id=", "trace_id is required")]
    [InlineData("$.type=\"segment\"", "type must be \"subsegment\"")]
    public void A_subsegment_sent_on_its_own_carries_type_trace_and_parent(string change, string reason)
    {
        var document = Parse(ValidStreamed);
        Apply(document, change);
        Assert.Contains(reason, SegmentDocumentRules.Check(document), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgresql://db:5432/orders")]
    [InlineData("postgresql://db/orders?sslmode=require")]
    [InlineData("mysql://[::1]:3306/shop")]
    public void Sql_url_with_a_database_path_matches_the_receivers_pattern(string url)
        => Assert.Matches(SegmentDocumentRules.SqlUrl(), url);

    [Fact]
    public void Datagrams_the_daemon_cannot_read_are_refused()
    {
        Assert.Contains("header", DaemonReceiver.Parse("{\"format\":\"json\",\"version\":2}\n{}"u8).Reason);
        Assert.Contains("no header line", DaemonReceiver.Parse("{}"u8).Reason);
        Assert.Contains("empty document", DaemonReceiver.Parse("{\"format\":\"json\",\"version\":1}\n "u8).Reason);
        Assert.Contains("invalid JSON", DaemonReceiver.Parse("{\"format\":\"json\",\"version\":1}\n{\"name\":"u8).Reason);
        var huge = new byte[DaemonReceiver.BufferSize];
        Assert.Contains("fills the daemon's buffer", DaemonReceiver.Parse(huge).Reason);
    }

    [Fact]
    public async Task A_refused_datagram_fails_every_read_of_the_receiver_until_taken()
    {
        var receiver = new DaemonReceiver();
        using (var client = new UdpClient())
        {
            var valid = Encoding.UTF8.GetBytes("{\"format\":\"json\",\"version\":1}\n" + Valid.ReplaceLineEndings(string.Empty));
            var bad = Encoding.UTF8.GetBytes("{\"format\":\"json\",\"version\":1}\n" + Valid.ReplaceLineEndings(string.Empty).Replace("\"remote\"", "\"local\"", StringComparison.Ordinal));
            await client.SendAsync(valid, new IPEndPoint(IPAddress.Loopback, receiver.Port));
            await client.SendAsync(bad, new IPEndPoint(IPAddress.Loopback, receiver.Port));
        }

        var thrown = await Assert.ThrowsAsync<RejectedDocumentException>(() => receiver.WaitForSegmentsAsync(1));
        Assert.Contains("namespace", Assert.Single(thrown.Reasons), StringComparison.Ordinal);
        Assert.Throws<RejectedDocumentException>(() => receiver.Segments());
        Assert.Throws<RejectedDocumentException>(() => receiver.Documents);
        Assert.Single(receiver.Rejected);
        Assert.Throws<RejectedDocumentException>(receiver.Dispose);

        Assert.Single(receiver.TakeRejected());
        Assert.Equal("checkout", Assert.Single(receiver.Segments()).Name);
        receiver.Dispose();
    }

    [Fact]
    public async Task A_later_document_replaces_an_in_progress_entity_with_the_same_id()
    {
        using var receiver = new DaemonReceiver();
        using (var client = new UdpClient())
        {
            var open = Parse(Valid);
            var finished = Parse(ValidStreamed);
            finished["id"] = "63995c3f42cd8ad8";
            finished["name"] = "open";
            foreach (var document in new[] { open, finished })
            {
                var datagram = Encoding.UTF8.GetBytes("{\"format\":\"json\",\"version\":1}\n" + document.ToJsonString());
                client.Send(datagram, datagram.Length, new IPEndPoint(IPAddress.Loopback, receiver.Port));
            }
        }

        var segment = Assert.Single(await receiver.WaitForSegmentsAsync(1));
        var replaced = Assert.Single(segment.Subsegments, s => s.Id == "63995c3f42cd8ad8");
        Assert.False(replaced.InProgress);
        Assert.True(replaced.Streamed);
        Assert.Equal(2, segment.Subsegments.Count);
    }

    private static JsonObject Parse(string json) => (JsonObject)JsonNode.Parse(json)!;

    /// <summary>Applies <c>$.path.to.field=json</c>, or removes the field when nothing follows <c>=</c>.</summary>
    private static void Apply(JsonObject document, string change)
    {
        var eq = change.IndexOf('=', StringComparison.Ordinal);
        var path = change[2..eq].Split('.');
        var value = change[(eq + 1)..];
        // The reserved metadata namespace has a dot in its name.
        if (path.Length == 3 && path[1] == "AWS")
            path = [path[0], "AWS." + path[2]];
        JsonNode node = document;
        foreach (var step in path[..^1])
            node = int.TryParse(step, out var index) ? node[index]! : node[step]!;
        var last = path[^1];
        if (node is JsonArray array)
        {
            array[int.Parse(last, System.Globalization.CultureInfo.InvariantCulture)] = JsonNode.Parse(value);
            return;
        }

        var target = (JsonObject)node;
        if (value.Length == 0)
            target.Remove(last);
        else
            target[last] = JsonNode.Parse(value);
    }
}
