using System.Data.Common;
using XRay.Data.Tests.Ado;
using XRay.Testing;

namespace XRay.Data.Tests.Tracing;

/// <summary>Nothing is lost to an entity that ends late or never: it is sent in progress, then replaced.</summary>
public sealed class OpenEntityTests
{
    [Fact]
    public async Task Segment_ending_with_a_subsegment_open_is_sent_at_once_and_the_subsegment_follows_with_the_same_id()
    {
        await using var harness = new TracingHarness();
        Subsegment late;
        using (harness.Recorder.BeginSegment("parent"))
            late = harness.Recorder.BeginSubsegment("late");

        var sent = Assert.Single(await harness.SegmentsAsync());
        Assert.False(sent.InProgress);
        var open = Assert.Single(sent.Subsegments);
        Assert.True(open.InProgress);
        Assert.Null(open.Json["end_time"]);

        late.AddAnnotation("kept", true);
        late.Dispose();
        await harness.Recorder.FlushAsync();
        await harness.Receiver.SettleAsync();

        Assert.Equal(2, harness.Receiver.Documents.Count);
        var closed = Assert.Single(Assert.Single(harness.Receiver.Segments()).Subsegments);
        Assert.Equal(open.Id, closed.Id);
        Assert.True(closed.Streamed);
        Assert.False(closed.InProgress);
        Assert.Equal(sent.Id, closed.ParentId);
        Assert.True((bool)closed.Json["annotations"]!["kept"]!);
    }

    [Fact]
    public async Task Reader_never_disposed_leaves_its_subsegment_in_progress_and_disposing_it_later_sends_the_finished_one()
    {
        await using var harness = new TracingHarness();
        await using var connection = await TracedPostgres.OpenAsync(harness);
        DbDataReader reader;
        using (harness.Recorder.BeginSegment("request"))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "select generate_series(1, 3)";
            reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
        }

        var segment = Assert.Single(await harness.SegmentsAsync());
        var open = Assert.Single(segment.Subsegments);
        Assert.True(open.InProgress);
        Assert.Equal("select generate_series(?, ?)", (string?)open.Sql!["sanitized_query"]);

        while (await reader.ReadAsync())
        {
        }

        await reader.DisposeAsync();
        await harness.Recorder.FlushAsync();
        await harness.Receiver.SettleAsync();
        var closed = Assert.Single(Assert.Single(harness.Receiver.Segments()).Subsegments);
        Assert.Equal(open.Id, closed.Id);
        Assert.True(closed.Streamed);
        Assert.False(closed.InProgress);
        Assert.Equal(3, (int)closed.Json["metadata"]!["sql"]!["rows_read"]!);
    }

    [Fact]
    public async Task Open_subsegment_gains_children_after_its_segment_was_sent_and_each_arrives_under_it()
    {
        await using var harness = new TracingHarness();
        Subsegment outer;
        Subsegment inner;
        using (harness.Recorder.BeginSegment("request"))
        {
            outer = harness.Recorder.BeginSubsegment("outer");
            inner = harness.Recorder.BeginSubsegment("inner");
        }

        await harness.SegmentsAsync();
        TraceContext.Current = outer;
        using (harness.Recorder.BeginSubsegment("after"))
        {
        }

        inner.Dispose();
        outer.Dispose();
        await harness.Recorder.FlushAsync();
        await harness.Receiver.SettleAsync();

        var segment = Assert.Single(harness.Receiver.Segments());
        var received = Assert.Single(segment.Subsegments);
        Assert.False(received.InProgress);
        Assert.Equal(["after", "inner"], received.Subsegments.Select(s => s.Name).Order());
        Assert.All(received.Subsegments, s => Assert.False(s.InProgress));
    }

    [Fact]
    public async Task Disposing_the_recorder_sends_a_segment_never_ended_in_progress()
    {
        var harness = new TracingHarness();
        var segment = harness.Recorder.BeginSegment("forgotten");
        harness.Recorder.BeginSubsegment("child").Dispose();
        await harness.Recorder.DisposeAsync();

        var received = Assert.Single(await harness.Receiver.WaitForSegmentsAsync(1));
        Assert.True(received.InProgress);
        Assert.Equal(segment.Id.ToString(), received.Id);
        Assert.Equal("child", Assert.Single(received.Subsegments).Name);
        harness.Receiver.Dispose();
    }

    [Fact]
    public async Task Past_the_open_segment_limit_the_oldest_is_sent_in_progress_counted_and_logged_once()
    {
        var logger = new ListLogger();
        await using var harness = new TracingHarness(o =>
        {
            o.MaxOpenSegments = 2;
            o.Logger = logger;
        });
        var first = harness.Recorder.BeginSegment("first");
        harness.Recorder.BeginSegment("second");
        harness.Recorder.BeginSegment("third");
        harness.Recorder.BeginSegment("fourth");

        var received = await harness.SegmentsAsync(2);
        Assert.Equal(["first", "second"], received.Select(s => s.Name).Order());
        Assert.All(received, s => Assert.True(s.InProgress));
        Assert.Equal(2, harness.Recorder.Statistics.OpenSegmentsEvicted);
        Assert.Single(logger.Lines, line => line.Contains("MaxOpenSegments", StringComparison.Ordinal));

        // Let go of, not forgotten: ending it later sends it whole.
        first.Dispose();
        await harness.Recorder.FlushAsync();
        await harness.Receiver.SettleAsync();
        Assert.False(harness.Receiver.Segments().Single(s => s.Name == "first").InProgress);
    }
}
