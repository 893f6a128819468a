using System.Data;
using System.Data.Common;
using XRay.Data.Tests.Ado.Fakes;
using XRay.Testing;

namespace XRay.Data.Tests.Recording;

public sealed class SqlRecorderTests
{
    private static FakeDbConnection Connection() => new("Host=tracer.example.com;Database=shop;Username=app;Password=s3cret", serverVersion: "15.4");

    private static DbCommand Command(DbConnection connection, string text, CommandType type = CommandType.Text)
    {
        var command = connection.CreateCommand();
        command.CommandText = text;
        command.CommandType = type;
        return command;
    }

    [Fact]
    public async Task A_command_becomes_one_sql_subsegment_with_its_sanitized_query()
    {
        await using var harness = new TracingHarness();
        var connection = Connection();
        connection.Open();
        using (harness.Recorder.BeginSegment("svc"))
        {
            var call = new SqlRecorder(harness.Recorder).BeginCommand(connection, Command(connection, "select * from t where name = 'bob'"));
            Assert.True(call.IsRecording);
            call.Succeed(rowsAffected: 3);
        }

        var sub = (await harness.SegmentsAsync()).Single().Subsegments.Single();
        Assert.Equal("shop@tracer.example.com", sub.Name);
        Assert.Equal("remote", (string?)sub.Json["namespace"]);
        var sql = sub.Sql!;
        Assert.Equal("select * from t where name = ?", (string?)sql["sanitized_query"]);
        Assert.Equal("statement", (string?)sql["preparation"]);
        Assert.Equal("FakeDb", (string?)sql["database_type"]);
        Assert.Equal("15.4", (string?)sql["database_version"]);
        Assert.Equal("app", (string?)sql["user"]);
        Assert.Equal(3, (long?)sub.Json["metadata"]?["sql"]?["rows_affected"]);
        Assert.DoesNotContain("s3cret", harness.Receiver.AllText(), StringComparison.Ordinal);
        Assert.DoesNotContain("bob", harness.Receiver.AllText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(QueryCapture.Raw, "select 'bob'")]
    [InlineData(QueryCapture.None, null)]
    public async Task Query_capture_mode_decides_the_query_text(QueryCapture capture, string? expected)
    {
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("svc"))
        {
            var connection = Connection();
            new SqlRecorder(harness.Recorder, new TracedDbOptions { QueryCapture = capture })
                .BeginCommand(connection, Command(connection, "select 'bob'", CommandType.StoredProcedure)).Succeed();
        }

        var sql = (await harness.SegmentsAsync()).Single().Subsegments.Single().Sql!;
        Assert.Equal(expected, (string?)sql["sanitized_query"]);
        Assert.Equal("call", (string?)sql["preparation"]);
    }

    [Fact]
    public async Task A_provider_error_is_a_remote_fault_with_its_codes()
    {
        await using var harness = new TracingHarness();
        var error = new FakeDbException("deadlock detected", "40P01", 1205);
        using (harness.Recorder.BeginSegment("svc"))
        {
            var connection = Connection();
            new SqlRecorder(harness.Recorder).BeginCommand(connection, Command(connection, "update t set x = 1")).Fail(error);
        }

        var sub = (await harness.SegmentsAsync()).Single().Subsegments.Single();
        Assert.True(sub.Flag("fault"));
        Assert.False(sub.Flag("error"));
        Assert.Equal("40P01", (string?)sub.Json["annotations"]?["sql_state"]);
        Assert.Equal(1205, (long?)sub.Json["annotations"]?["error_code"]);
        var exception = sub.Json["cause"]!["exceptions"]![0]!;
        Assert.Equal("deadlock detected", (string?)exception["message"]);
        Assert.True((bool?)exception["remote"]);
        Assert.NotNull(sub.Sql);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cancellation_is_an_error_not_a_fault(bool providerCancellation)
    {
        await using var harness = new TracingHarness();
        Exception canceled = providerCancellation
            ? new FakeDbException("canceling statement due to user request", "57014", 0)
            : new OperationCanceledException();
        using (harness.Recorder.BeginSegment("svc"))
        {
            var connection = Connection();
            new SqlRecorder(harness.Recorder).BeginCommand(connection, Command(connection, "select pg_sleep(10)")).Fail(canceled);
        }

        var sub = (await harness.SegmentsAsync()).Single().Subsegments.Single();
        Assert.True(sub.Flag("error"));
        Assert.False(sub.Flag("fault"));
        Assert.NotNull(sub.Json["end_time"]);
    }

    [Fact]
    public async Task Nothing_is_recorded_without_a_segment_or_in_an_unsampled_trace()
    {
        await using var harness = new TracingHarness(o => o.ContextMissing = ContextMissingStrategy.LogError);
        var sql = new SqlRecorder(harness.Recorder);
        var connection = Connection();
        Assert.True(sql.MayRecord);
        Assert.False(sql.BeginCommand(connection, Command(connection, "select 1")).IsRecording);
        Assert.Equal(1, harness.Recorder.ContextMissingCount);

        using (harness.Recorder.BeginSegment("svc", new TraceHeader(TraceId.NewId(), null, SamplingDecision.NotSampled)))
        {
            Assert.False(sql.MayRecord);
            Assert.False(sql.BeginCommand(connection, Command(connection, "select 1")).IsRecording);
        }

        Assert.Equal(1, harness.Recorder.ContextMissingCount);
        await harness.AssertNothingSentAsync();
    }

    [Fact]
    public async Task Filter_skips_the_calls_it_rejects_and_sees_the_provider_command()
    {
        await using var harness = new TracingHarness();
        var seen = new List<string?>();
        var sql = new SqlRecorder(harness.Recorder, new TracedDbOptions
        {
            Filter = call =>
            {
                seen.Add(call.CommandText);
                return call.CommandText != "select 1";
            },
        });
        using (harness.Recorder.BeginSegment("svc"))
        {
            var connection = Connection();
            Assert.False(sql.BeginCommand(connection, Command(connection, "select 1")).IsRecording);
            sql.BeginCommand(connection, Command(connection, "select * from orders")).Succeed();
        }

        Assert.Equal(["select 1", "select * from orders"], seen);
        var sub = (await harness.SegmentsAsync()).Single().Subsegments.Single();
        Assert.Equal("select * from orders", (string?)sub.Sql!["sanitized_query"]);
    }

    [Fact]
    public async Task Enrich_adds_to_the_subsegment_of_each_recorded_call()
    {
        await using var harness = new TracingHarness();
        var sql = new SqlRecorder(harness.Recorder, new TracedDbOptions
        {
            Enrich = (subsegment, call) => subsegment.AddAnnotation("command_type", call.CommandType.ToString()),
        });
        using (harness.Recorder.BeginSegment("svc"))
        {
            var connection = Connection();
            sql.BeginCommand(connection, Command(connection, "get_orders", CommandType.StoredProcedure)).Succeed();
        }

        var sub = (await harness.SegmentsAsync()).Single().Subsegments.Single();
        Assert.Equal("StoredProcedure", (string?)sub.Json["annotations"]?["command_type"]);
    }

    [Fact]
    public async Task A_connection_detail_changed_through_one_calls_block_stays_in_that_block()
    {
        await using var harness = new TracingHarness();
        var changes = 0;
        var sql = new SqlRecorder(harness.Recorder, new TracedDbOptions
        {
            // The calls of one data source share its details until one is set through a block.
            Enrich = (subsegment, _) =>
            {
                if (changes++ == 0)
                {
                    subsegment.Sql!.User = "changed";
                    subsegment.Sql.DatabaseVersion = "99";
                }
            },
        });
        using (harness.Recorder.BeginSegment("svc"))
        {
            var connection = Connection();
            connection.Open();
            for (var i = 0; i < 3; i++)
                sql.BeginCommand(connection, Command(connection, $"select {i}")).Succeed();
        }

        var blocks = (await harness.SegmentsAsync()).Single().Subsegments.Select(s => s.Sql!).ToList();
        Assert.Equal(["changed", "app", "app"], blocks.Select(b => (string?)b["user"]));
        Assert.Equal(["99", "15.4", "15.4"], blocks.Select(b => (string?)b["database_version"]));
        Assert.All(blocks, b => Assert.Equal("FakeDb", (string?)b["database_type"]));
    }

    [Fact]
    public async Task Calls_of_one_query_share_a_block_yet_keep_their_own_rows_and_changes()
    {
        await using var harness = new TracingHarness();
        var calls = 0;
        var sql = new SqlRecorder(harness.Recorder, new TracedDbOptions
        {
            // Calls of the same query share one sql block until one is changed through its subsegment.
            Enrich = (subsegment, _) =>
            {
                if (calls++ == 1)
                {
                    subsegment.Sql!.SanitizedQuery = "changed";
                    subsegment.Sql.Preparation = "call";
                }
            },
        });
        using (harness.Recorder.BeginSegment("svc"))
        {
            var connection = Connection();
            connection.Open();
            for (var i = 0; i < 3; i++)
                sql.BeginCommand(connection, Command(connection, "update stock set count = 0 where id = 7")).Succeed(rowsAffected: i + 1);
        }

        var received = (await harness.SegmentsAsync()).Single().Subsegments;
        Assert.Equal(["update stock set count = ? where id = ?", "changed", "update stock set count = ? where id = ?"], received.Select(s => (string?)s.Sql!["sanitized_query"]));
        Assert.Equal(["statement", "call", "statement"], received.Select(s => (string?)s.Sql!["preparation"]));
        Assert.Equal([1, 2, 3], received.Select(s => (int)s.Json["metadata"]!["sql"]!["rows_affected"]!));
    }

    [Fact]
    public async Task A_failing_hook_is_logged_once_and_never_reaches_the_application()
    {
        var logger = new ListLogger();
        await using var harness = new TracingHarness(o => o.Logger = logger);
        var sql = new SqlRecorder(harness.Recorder, new TracedDbOptions
        {
            Filter = _ => throw new InvalidOperationException("filter broke"),
            Enrich = (_, _) => throw new InvalidOperationException("enrich broke"),
        });
        using (harness.Recorder.BeginSegment("svc"))
        {
            var connection = Connection();
            for (var i = 0; i < 3; i++)
                sql.BeginCommand(connection, Command(connection, "select * from orders")).Succeed();
        }

        // A broken filter records the call rather than losing it.
        Assert.Equal(3, (await harness.SegmentsAsync()).Single().Subsegments.Count);
        var logged = Assert.Single(logger.Lines);
        Assert.Contains("TracedDbOptions.Filter", logged, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_are_frozen_once_in_use()
    {
        var options = new TracedDbOptions { QueryCapture = QueryCapture.None };
        Assert.False(options.IsFrozen);
        _ = new SqlRecorder(new XRayRecorder(new XRayRecorderOptions { Enabled = false }), options);
        Assert.True(options.IsFrozen);
        var error = Assert.Throws<InvalidOperationException>(() => options.QueryCapture = QueryCapture.Raw);
        Assert.Contains("Create a new instance", error.Message, StringComparison.Ordinal);
        Assert.Equal(QueryCapture.None, options.QueryCapture);
        Assert.Throws<InvalidOperationException>(() => TracedDbOptions.Default.QueryCapture = QueryCapture.Raw);
    }

    [Fact]
    public async Task A_failed_open_is_recorded_from_when_it_began_and_a_successful_one_is_not()
    {
        await using var harness = new TracingHarness();
        var sql = new SqlRecorder(harness.Recorder);
        long began;
        using (harness.Recorder.BeginSegment("svc"))
        {
            var connection = Connection();
            sql.BeginOperation(connection, SqlOperation.Open).Succeed();

            began = Clock.NowMicroseconds;
            var open = sql.BeginOperation(connection, SqlOperation.Open);
            Assert.True(open.IsRecording);
            Assert.Null(open.Subsegment);
            await Task.Delay(20);
            open.Fail(new FakeDbException("connection refused", "08001", 0));
        }

        var sub = (await harness.SegmentsAsync()).Single().Subsegments.Single();
        Assert.True(sub.Flag("fault"));
        Assert.Equal("open", (string?)sub.Json["metadata"]?["sql"]?["operation"]);
        Assert.Equal("08001", (string?)sub.Json["annotations"]?["sql_state"]);
        var start = (double)sub.Json["start_time"]!;
        var end = (double)sub.Json["end_time"]!;
        Assert.InRange(start, (began - 1000) / 1e6, (began + 5000) / 1e6);
        Assert.True(end - start >= 0.015, $"the open took {end - start} s");
    }

    [Fact]
    public void Commands_and_batches_are_not_operations()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new SqlRecorder(new XRayRecorder(new XRayRecorderOptions { Enabled = false })).BeginOperation(Connection(), SqlOperation.Command));
}
