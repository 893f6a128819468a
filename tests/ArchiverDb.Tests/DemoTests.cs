using System.Text.Json.Nodes;
using XRay.Testing;

namespace ArchiverDb.Tests;

public sealed class DemoTests(DemoFixture demo) : IClassFixture<DemoFixture>
{
    [Fact]
    public void Every_request_gets_its_trace_id_back_and_its_trace_arrives()
    {
        Assert.Equal([201, 200, 200, 400, 404, 400, 200, 200], demo.Result.Calls.Select(call => call.Status));
        Assert.All(demo.Result.Calls, call => Assert.NotEmpty(demo.Trace(call)));
        Assert.Equal(demo.Result.Calls.Count, demo.Result.Segments.Select(segment => segment.TraceId).Distinct().Count());
    }

    [Fact]
    public void Every_datagram_is_accepted_by_the_daemon()
    {
        Assert.Empty(demo.Result.Rejected);
        Assert.Equal(12, demo.Result.Segments.Count);
    }

    [Fact]
    public void Every_document_of_the_sample_passes_the_rules_of_the_xray_api_and_the_cloudwatch_agent()
    {
        // Each datagram is a header line and a one-line document.
        var lines = demo.Result.DatagramText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var documents = lines.Where((_, index) => index % 2 == 1).ToList();
        Assert.Equal(lines.Length / 2, documents.Count);
        Assert.True(documents.Count >= demo.Result.Segments.Count);
        Assert.All(documents, document => Assert.Null(SegmentDocumentRules.Check((JsonObject)JsonNode.Parse(document)!)));
        Assert.Contains(documents, document => document.Contains("\"sql\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Password_never_reaches_a_datagram()
    {
        Assert.NotEmpty(demo.Password);
        Assert.Contains("\"sql\"", demo.Result.DatagramText, StringComparison.Ordinal);
        Assert.DoesNotContain(demo.Password, demo.Result.DatagramText, StringComparison.Ordinal);
        Assert.DoesNotContain(demo.Password, demo.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void A_fetch_spans_fetcher_page_and_archiver_under_one_trace_id(int fetch)
    {
        var trace = demo.Trace(demo.Call("POST", "/fetch", fetch));
        Assert.Equal(["archiver", "fetcher", "pages"], trace.Select(segment => segment.Name).Order());
    }

    [Theory]
    [InlineData(0, "/pages/welcome")]
    [InlineData(0, "/archive")]
    [InlineData(1, "/pages/broken")]
    [InlineData(1, "/archive")]
    public void Called_segment_continues_under_the_fetchers_http_subsegment(int fetch, string path)
    {
        var trace = demo.Trace(demo.Call("POST", "/fetch", fetch));
        var fetcher = Assert.Single(trace, segment => segment.Name == "fetcher");
        var call = Assert.Single(fetcher.Subsegments, sub => Url(sub)?.EndsWith(path, StringComparison.Ordinal) == true);
        Assert.Equal("remote", (string?)call.Json["namespace"]);
        Assert.Equal(true, (bool?)call.Http?["request"]?["traced"]);

        var callee = Assert.Single(trace, segment => segment.ParentId == call.Id);
        Assert.Equal(path.StartsWith("/pages", StringComparison.Ordinal) ? "pages" : "archiver", callee.Name);
        Assert.Equal(Url(call), Url(callee));
    }

    [Fact]
    public void Sql_subsegments_sit_under_the_archiver_segments_only()
    {
        var sql = demo.Result.AllEntities().Where(entity => entity.Sql is not null).ToList();
        Assert.NotEmpty(sql);
        Assert.All(sql, entity =>
        {
            Assert.Equal("archiver", Root(entity).Name);
            Assert.Equal("remote", (string?)entity.Json["namespace"]);
            Assert.Contains("archived_responses", (string?)entity.Sql!["sanitized_query"], StringComparison.Ordinal);
        });

        // The archive (EF Core), the read-back and the list (Dapper), and both archives behind a fetch.
        foreach (var call in new[] { demo.Call("POST", "/archive"), demo.Call("GET", "/archive/"), demo.Call("GET", "/archive?"), demo.Call("POST", "/fetch", 0), demo.Call("POST", "/fetch", 1) })
        {
            var archiver = Assert.Single(demo.Trace(call), segment => segment.Name == "archiver");
            Assert.Contains(archiver.DescendantsAndSelf(), entity => entity.Sql is not null);
        }
    }

    [Fact]
    public void Values_are_not_in_the_sanitized_queries()
    {
        var queries = demo.Result.AllEntities().Select(entity => (string?)entity.Sql?["sanitized_query"]).OfType<string>().ToList();
        Assert.NotEmpty(queries);
        Assert.All(queries, query =>
        {
            Assert.DoesNotContain("987654321", query, StringComparison.Ordinal);
            Assert.DoesNotContain("hello", query, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Missing_id_is_answered_404_and_recorded_as_an_error()
    {
        var call = demo.Call("GET", "/archive/987654321");
        Assert.Contains("No archived response has id 987654321", call.Body, StringComparison.Ordinal);
        var segment = Assert.Single(demo.Trace(call));
        Assert.True(segment.Flag("error"));
        Assert.False(segment.Flag("fault"));
        Assert.Equal(404, (int?)segment.Http?["response"]?["status"]);
    }

    [Fact]
    public void Malformed_json_is_answered_400_and_recorded_as_an_error()
    {
        var call = demo.Call("POST", "/archive", 1);
        Assert.Equal(400, call.Status);
        Assert.Contains("not valid JSON", call.Body, StringComparison.Ordinal);
        var segment = Assert.Single(demo.Trace(call));
        Assert.True(segment.Flag("error"));
        Assert.DoesNotContain(segment.DescendantsAndSelf(), entity => entity.Sql is not null);
    }

    [Fact]
    public void Failing_page_is_a_fault_with_its_exception_on_both_sides_of_the_call()
    {
        var trace = demo.Trace(demo.Call("POST", "/fetch", 1));
        var page = Assert.Single(trace, segment => segment.Name == "pages");
        Assert.True(page.Flag("fault"));
        var exception = Assert.Single(Assert.IsType<JsonArray>(page.Json["cause"]?["exceptions"]));
        Assert.Equal("System.InvalidOperationException", (string?)exception?["type"]);

        var call = page.ParentId is { } parent ? trace.SelectMany(s => s.DescendantsAndSelf()).Single(e => e.Id == parent) : null;
        Assert.NotNull(call);
        Assert.True(call.Flag("fault"));
        Assert.Equal(500, (int?)call.Http?["response"]?["status"]);

        var archiver = Assert.Single(trace, segment => segment.Name == "archiver");
        Assert.Equal(500, (long?)archiver.Json["annotations"]?["archived_status"]);
    }

    [Fact]
    public void Failing_database_command_is_a_fault_with_its_cause_while_the_request_is_a_client_error()
    {
        var call = demo.Call("GET", "/archive?since=");
        Assert.Equal(400, call.Status);
        var segment = Assert.Single(demo.Trace(call));
        Assert.True(segment.Flag("error"));
        Assert.False(segment.Flag("fault"));

        var command = Assert.Single(segment.Subsegments);
        Assert.True(command.Flag("fault"));
        Assert.Equal("remote", (string?)command.Json["namespace"]);
        Assert.Contains("archived_at >= @since::timestamptz", (string?)command.Sql?["sanitized_query"], StringComparison.Ordinal);
        Assert.Equal("22007", (string?)command.Json["annotations"]?["sql_state"]);
        var exception = command.Json["cause"]?["exceptions"]?[0];
        Assert.Equal("Npgsql.PostgresException", (string?)exception?["type"]);
        Assert.Equal(true, (bool?)exception?["remote"]);
        Assert.Contains("exception: Npgsql.PostgresException: ", demo.Output, StringComparison.Ordinal);
        // The value the request sent, quoted by PostgreSQL in its message, is redacted from the cause.
        Assert.Contains("?", (string?)exception?["message"], StringComparison.Ordinal);
        Assert.DoesNotContain("a-week-ago", demo.Result.DatagramText, StringComparison.Ordinal);
    }

    [Fact]
    public void The_view_shows_every_field_of_the_sql_block()
    {
        var sql = demo.Result.AllEntities().Select(entity => entity.Sql).OfType<JsonObject>().First();
        foreach (var field in new[] { "connection_string", "sanitized_query", "database_type", "database_version", "driver_version", "user", "preparation" })
            Assert.True(sql[field] is JsonValue, $"the sql block has no {field}");

        Assert.Contains("database_type: PostgreSQL · database_version: " + (string?)sql["database_version"], demo.Output, StringComparison.Ordinal);
        Assert.Contains($"driver_version: {(string?)sql["driver_version"]} · user: {(string?)sql["user"]} · preparation: statement", demo.Output, StringComparison.Ordinal);
        // A connection string is longer than a line: compare with the view's line breaks and indents taken out.
        Assert.Contains(Squash("connection_string: " + (string?)sql["connection_string"]), Squash(demo.Output), StringComparison.Ordinal);
    }

    [Fact]
    public void Segments_record_the_incoming_request()
    {
        var segment = Assert.Single(demo.Trace(demo.Call("GET", "/archive/")));
        var request = segment.Http?["request"];
        Assert.Equal("GET", (string?)request?["method"]);
        Assert.Matches(@"^http://127\.0\.0\.1:\d+/archive/\d+$", (string?)request?["url"]);
        Assert.Equal("127.0.0.1", (string?)request?["client_ip"]);
        Assert.Equal(200, (int?)segment.Http?["response"]?["status"]);
    }

    [Fact]
    public void The_view_prints_every_trace_with_its_queries_and_failures()
    {
        Assert.All(demo.Result.Calls, call => Assert.Contains("trace " + call.TraceId, demo.Output, StringComparison.Ordinal));
        Assert.Contains("sql: ", demo.Output, StringComparison.Ordinal);
        Assert.Contains("FAULT", demo.Output, StringComparison.Ordinal);
        Assert.Contains("ERROR", demo.Output, StringComparison.Ordinal);
        Assert.All(demo.Output.Split('\n'), line => Assert.True(line.Length <= ArchiverDb.TraceView.Width, line));
    }

    private static string Squash(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    private static string? Url(ReceivedEntity entity) => (string?)entity.Http?["request"]?["url"];

    private static ReceivedEntity Root(ReceivedEntity entity)
    {
        while (entity.Parent is { } parent)
            entity = parent;
        return entity;
    }
}
