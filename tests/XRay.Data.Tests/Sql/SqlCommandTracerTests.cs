using System.Data;
using XRay.Data.Tests.Ado.Fakes;
using XRay.Testing;

namespace XRay.Data.Tests.Sql;

public sealed class SqlCommandTracerTests
{
    private static FakeDbConnection Connection() => new("Host=tracer.example.com;Database=shop;Username=app;Password=s3cret", serverVersion: "15.4");

    [Fact]
    public async Task A_command_becomes_one_sql_subsegment_with_its_sanitized_query()
    {
        await using var harness = new TracingHarness();
        var connection = Connection();
        connection.Open();
        using (harness.Recorder.BeginSegment("svc"))
        {
            var subsegment = SqlCommandTracer.Begin(harness.Recorder, connection, "select * from t where name = 'bob'", CommandType.Text, TracedDbOptions.Default);
            Assert.NotNull(subsegment);
            SqlCommandTracer.Succeed(subsegment, rowsAffected: 3);
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
            var subsegment = SqlCommandTracer.Begin(harness.Recorder, Connection(), "select 'bob'", CommandType.StoredProcedure, new TracedDbOptions { QueryCapture = capture });
            SqlCommandTracer.Succeed(subsegment!);
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
            SqlCommandTracer.Fail(SqlCommandTracer.Begin(harness.Recorder, Connection(), "update t set x = 1", CommandType.Text, TracedDbOptions.Default)!, error, TracedDbOptions.Default);

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
            SqlCommandTracer.Fail(SqlCommandTracer.Begin(harness.Recorder, Connection(), "select pg_sleep(10)", CommandType.Text, TracedDbOptions.Default)!, canceled, TracedDbOptions.Default);

        var sub = (await harness.SegmentsAsync()).Single().Subsegments.Single();
        Assert.True(sub.Flag("error"));
        Assert.False(sub.Flag("fault"));
        Assert.NotNull(sub.Json["end_time"]);
    }

    [Fact]
    public async Task Nothing_is_recorded_without_a_segment_or_in_an_unsampled_trace()
    {
        await using var harness = new TracingHarness(o => o.ContextMissing = ContextMissingStrategy.LogError);
        Assert.Null(SqlCommandTracer.Begin(harness.Recorder, Connection(), "select 1", CommandType.Text, TracedDbOptions.Default));
        Assert.Equal(1, harness.Recorder.ContextMissingCount);

        using (harness.Recorder.BeginSegment("svc", new TraceHeader(TraceId.NewId(), null, SamplingDecision.NotSampled)))
            Assert.Null(SqlCommandTracer.Begin(harness.Recorder, Connection(), "select 1", CommandType.Text, TracedDbOptions.Default));
        Assert.Equal(1, harness.Recorder.ContextMissingCount);
    }
}
