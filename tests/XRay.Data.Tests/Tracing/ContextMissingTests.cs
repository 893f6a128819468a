using XRay.Testing;

namespace XRay.Data.Tests.Tracing;

public sealed class ContextMissingTests
{
    [Fact]
    public async Task Log_error_logs_once_and_returns_a_no_op()
    {
        var logger = new ListLogger();
        await using var harness = new TracingHarness(o => o.Logger = logger);
        for (var i = 0; i < 3; i++)
        {
            using var sub = harness.Recorder.BeginSubsegment("orphan");
            Assert.False(sub.Sampled);
            sub.AddAnnotation("k", "v");
            sub.AddException(new InvalidOperationException());
            Assert.Null(sub.TraceHeader);
        }

        var line = Assert.Single(logger.Lines);
        Assert.Contains("orphan", line);
        Assert.Equal(3, harness.Recorder.ContextMissingCount);
    }

    [Fact]
    public async Task Runtime_error_throws_a_clear_exception()
    {
        await using var harness = new TracingHarness(o => o.ContextMissing = ContextMissingStrategy.RuntimeError);
        var error = Assert.Throws<ContextMissingException>(() => harness.Recorder.BeginSubsegment("orphan"));
        Assert.Contains("BeginSegment", error.Message);
        Assert.Contains("orphan", error.Message);
    }

    [Fact]
    public async Task Ignore_error_is_silent()
    {
        var logger = new ListLogger();
        await using var harness = new TracingHarness(o =>
        {
            o.Logger = logger;
            o.ContextMissing = ContextMissingStrategy.IgnoreError;
        });
        using (harness.Recorder.BeginSubsegment("orphan"))
        {
        }

        Assert.Empty(logger.Lines);
        harness.Recorder.Capture("captured", () => { });
        Assert.Empty(logger.Lines);
    }
}
