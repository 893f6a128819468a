using Npgsql;
using XRay.Testing;

namespace XRay.Data.Tests.Tracing;

public sealed class SmokeTests
{
    [Fact]
    public async Task Segment_with_a_subsegment_arrives_at_the_receiver()
    {
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("smoke"))
        {
            using var sub = harness.Recorder.BeginSubsegment("child");
            sub.AddAnnotation("n", 1);
        }

        var segments = await harness.SegmentsAsync();
        Assert.Equal("smoke", segments[0].Name);
        Assert.Equal("child", segments[0].Subsegments.Single().Name);
        Assert.Empty(harness.Receiver.Rejected);
    }

    [Fact]
    public async Task Postgres_answers()
    {
        await using var connection = new NpgsqlConnection(TestPostgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select 41 + 1", connection);
        Assert.Equal(42, (int)(await command.ExecuteScalarAsync())!);
    }
}
