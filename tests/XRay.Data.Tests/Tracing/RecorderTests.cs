using XRay.Testing;

namespace XRay.Data.Tests.Tracing;

public sealed class RecorderTests
{
    [Fact]
    public async Task Nesting_follows_the_async_flow_across_awaits()
    {
        await using var harness = new TracingHarness();
        var recorder = harness.Recorder;
        using (var segment = recorder.BeginSegment("checkout"))
        {
            Assert.Same(segment, recorder.CurrentEntity);
            using (var outer = recorder.BeginSubsegment("outer"))
            {
                await Task.Yield();
                Assert.Same(outer, recorder.CurrentEntity);
                await InnerAsync(recorder);
                Assert.Same(outer, recorder.CurrentEntity);
            }

            Assert.Same(segment, recorder.CurrentEntity);
        }

        Assert.Null(recorder.CurrentEntity);
        var received = Assert.Single(await harness.SegmentsAsync());
        var outerReceived = Assert.Single(received.Subsegments);
        Assert.Equal("outer", outerReceived.Name);
        var inner = Assert.Single(outerReceived.Subsegments);
        Assert.Equal("inner", inner.Name);
        Assert.Equal("deepest", Assert.Single(inner.Subsegments).Name);
    }

    private static async Task InnerAsync(XRayRecorder recorder)
    {
        using var inner = recorder.BeginSubsegment("inner");
        await Task.Delay(1);
        using var deepest = recorder.BeginSubsegment("deepest");
        await Task.Yield();
    }

    [Fact]
    public async Task Parallel_traces_keep_every_subsegment_under_its_own_parent()
    {
        await using var harness = new TracingHarness();
        var recorder = harness.Recorder;
        await Task.WhenAll(Enumerable.Range(0, 32).Select(trace => Task.Run(async () =>
        {
            using var segment = recorder.BeginSegment($"trace-{trace}");
            await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
            {
                await Task.Yield();
                using var sub = recorder.BeginSubsegment($"trace-{trace}-sub-{i}");
                await Task.Delay(i % 3);
            }));
        })));

        var segments = await harness.SegmentsAsync(32);
        Assert.Equal(32, segments.Count);
        Assert.Equal(32, segments.Select(s => s.TraceId).Distinct().Count());
        foreach (var segment in segments)
        {
            Assert.Equal(20, segment.Subsegments.Count);
            Assert.All(segment.Subsegments, sub => Assert.StartsWith(segment.Name + "-sub-", sub.Name));
        }

        Assert.Empty(harness.Receiver.Rejected);
    }

    [Fact]
    public async Task Unsampled_trace_emits_nothing_but_still_propagates_its_header()
    {
        await using var harness = new TracingHarness();
        var incoming = new TraceHeader(TraceId.NewId(), EntityId.NewId(), SamplingDecision.NotSampled);
        using (var segment = harness.Recorder.BeginSegment("quiet", incoming))
        {
            Assert.False(segment.Sampled);
            using var sub = harness.Recorder.BeginSubsegment("child");
            Assert.False(sub.Sampled);
            sub.AddAnnotation("ignored", true);
            var outgoing = harness.Recorder.CurrentEntity!.TraceHeader!;
            Assert.Equal(incoming.Root, outgoing.Root);
            Assert.Equal(SamplingDecision.NotSampled, outgoing.Sampled);
        }

        await harness.Recorder.FlushAsync();
        Assert.Equal(0, await harness.Receiver.SettleAsync());
        Assert.Equal(0, harness.Recorder.Statistics.DatagramsSent);
    }

    [Fact]
    public async Task Segment_begun_with_a_sampled_header_continues_the_callers_trace()
    {
        await using var harness = new TracingHarness(o => o.SamplingRules = new SamplingRules(new SamplingRule(0, 0)));
        var incoming = new TraceHeader(TraceId.NewId(), EntityId.NewId(), SamplingDecision.Sampled, "Lineage=a:1");
        using (harness.Recorder.BeginSegment("downstream", incoming))
        {
        }

        var segment = Assert.Single(await harness.SegmentsAsync());
        Assert.Equal(incoming.Root.ToString(), segment.TraceId);
        Assert.Equal(incoming.Parent.ToString(), segment.ParentId);
    }

    [Fact]
    public async Task Unknown_decision_in_the_header_is_left_to_the_sampler()
    {
        await using var harness = new TracingHarness(o => o.SamplingRules = new SamplingRules(new SamplingRule(0, 0)));
        var incoming = new TraceHeader(TraceId.NewId(), null, SamplingDecision.Unknown);
        using (var segment = harness.Recorder.BeginSegment("downstream", incoming))
            Assert.False(segment.Sampled);
    }

    [Fact]
    public async Task Capture_records_the_exception_and_rethrows_the_same_object()
    {
        await using var harness = new TracingHarness();
        var thrown = new InvalidOperationException("boom");
        using (harness.Recorder.BeginSegment("capture"))
        {
            var caught = Assert.Throws<InvalidOperationException>(() => harness.Recorder.Capture("sync", () => throw thrown));
            Assert.Same(thrown, caught);
            var caughtAsync = await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Recorder.CaptureAsync("async", async () =>
            {
                await Task.Yield();
                throw thrown;
            }));
            Assert.Same(thrown, caughtAsync);
            Assert.Equal(42, harness.Recorder.Capture("value", () => 42));
            Assert.Equal(43, await harness.Recorder.CaptureAsync("valueAsync", () => Task.FromResult(43)));
        }

        var segment = Assert.Single(await harness.SegmentsAsync());
        var sync = segment.Subsegments.Single(s => s.Name == "sync");
        Assert.True(sync.Flag("fault"));
        var exception = sync.Json["cause"]!["exceptions"]![0]!;
        Assert.Equal("System.InvalidOperationException", (string?)exception["type"]);
        Assert.Equal("boom", (string?)exception["message"]);
        Assert.NotEmpty(exception["stack"]!.AsArray());
        Assert.True(segment.Subsegments.Single(s => s.Name == "async").Flag("fault"));
        Assert.False(segment.Subsegments.Single(s => s.Name == "value").Flag("fault"));
    }

    [Fact]
    public async Task Canceled_capture_is_an_error_not_a_fault()
    {
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("cancel"))
        {
            await Assert.ThrowsAsync<TaskCanceledException>(() => harness.Recorder.CaptureAsync("wait", () => Task.Delay(1000, new CancellationToken(true))));
        }

        var sub = Assert.Single(Assert.Single(await harness.SegmentsAsync()).Subsegments);
        Assert.True(sub.Flag("error"));
        Assert.False(sub.Flag("fault"));
    }

    [Fact]
    public async Task Exception_bubbling_through_parents_is_described_once_and_referenced()
    {
        await using var harness = new TracingHarness();
        var thrown = new TimeoutException("slow");
        using (var segment = harness.Recorder.BeginSegment("bubble"))
        {
            try
            {
                harness.Recorder.Capture("call", () => throw thrown);
            }
            catch (TimeoutException ex)
            {
                segment.AddException(ex);
            }
        }

        var received = Assert.Single(await harness.SegmentsAsync());
        var childException = (string?)received.Subsegments[0].Json["cause"]!["exceptions"]![0]!["id"];
        Assert.Equal(childException, (string?)received.Json["cause"]);
    }

    [Fact]
    public async Task Message_selector_chooses_each_recorded_message_of_the_chain()
    {
        await using var harness = new TracingHarness();
        var thrown = new InvalidOperationException("outer secret", new FormatException("inner secret", new TimeoutException("kept")));
        using (var segment = harness.Recorder.BeginSegment("selected"))
        {
            segment.AddException(thrown, remote: true, e => e switch
            {
                InvalidOperationException => "outer",
                FormatException => null,
                _ => e.Message,
            });
        }

        var received = Assert.Single(await harness.SegmentsAsync());
        var exceptions = received.Json["cause"]!["exceptions"]!.AsArray();
        Assert.Equal(3, exceptions.Count);
        Assert.Equal("outer", (string?)exceptions[0]!["message"]);
        Assert.Null(exceptions[1]!["message"]);
        Assert.Equal(typeof(FormatException).FullName, (string?)exceptions[1]!["type"]);
        Assert.Equal("kept", (string?)exceptions[2]!["message"]);
        Assert.True(received.Flag("fault"));
        Assert.DoesNotContain(harness.Receiver.Datagrams, d => System.Text.Encoding.UTF8.GetString(d).Contains("secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Failing_message_selector_records_no_message_and_does_not_throw()
    {
        await using var harness = new TracingHarness();
        using (var segment = harness.Recorder.BeginSegment("selected"))
            segment.AddException(new InvalidOperationException("secret"), remote: false, _ => throw new InvalidCastException("selector"));

        var received = Assert.Single(await harness.SegmentsAsync());
        var exception = Assert.Single(received.Json["cause"]!["exceptions"]!.AsArray())!;
        Assert.Null(exception["message"]);
        Assert.Equal(typeof(InvalidOperationException).FullName, (string?)exception["type"]);
        Assert.True(received.Flag("fault"));
    }

    [Fact]
    public async Task Exception_recorded_without_a_selector_keeps_its_message()
    {
        await using var harness = new TracingHarness();
        using (var segment = harness.Recorder.BeginSegment("plain"))
            segment.AddException(new InvalidOperationException("the application's own words: 'quoted'"));

        var exception = Assert.Single(Assert.Single(await harness.SegmentsAsync()).Json["cause"]!["exceptions"]!.AsArray())!;
        Assert.Equal("the application's own words: 'quoted'", (string?)exception["message"]);
    }

    [Fact]
    public async Task Changes_after_end_are_ignored()
    {
        await using var harness = new TracingHarness();
        Segment segment;
        using (segment = harness.Recorder.BeginSegment("ended"))
            segment.AddAnnotation("before", 1);
        segment.AddAnnotation("after", 2);
        segment.Fault = true;

        var received = Assert.Single(await harness.SegmentsAsync());
        Assert.NotNull(received.Json["annotations"]!["before"]);
        Assert.Null(received.Json["annotations"]!["after"]);
        Assert.False(received.Flag("fault"));
    }

    [Fact]
    public async Task Subsegment_begun_after_the_segment_was_sent_is_not_recorded()
    {
        await using var harness = new TracingHarness();
        var segment = harness.Recorder.BeginSegment("gone");
        segment.Dispose();
        Assert.Null(segment.StartChild("too-late"));
        await harness.SegmentsAsync();
        Assert.Single(harness.Receiver.Documents);
    }
}
