using XRay.Testing;

namespace XRay.Data.Tests.Tracing;

public sealed class RecorderOptionsTests
{
    private static XRayRecorderOptions From(ListLogger logger, params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value);
        return XRayRecorderOptions.FromEnvironment(logger, name => map.GetValueOrDefault(name));
    }

    [Theory]
    [InlineData("127.0.0.1:2000", "127.0.0.1", 2000)]
    [InlineData("xray-daemon:3000", "xray-daemon", 3000)]
    [InlineData("udp:10.0.0.5:2001 tcp:10.0.0.6:2002", "10.0.0.5", 2001)]
    [InlineData("tcp:10.0.0.6:2002 udp:10.0.0.5:2001", "10.0.0.5", 2001)]
    [InlineData("[::1]:2000", "::1", 2000)]
    public void Daemon_address_accepts_both_documented_forms_and_sends_to_the_udp_one(string value, string udpHost, int udpPort)
    {
        var logger = new ListLogger();
        var address = From(logger, ("AWS_XRAY_DAEMON_ADDRESS", value)).DaemonAddress;
        Assert.Equal((udpHost, udpPort), (address.UdpHost, address.UdpPort));
        Assert.Empty(logger.Lines);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("localhost:")]
    [InlineData(":2000")]
    [InlineData("host:70000")]
    [InlineData("host:-1")]
    [InlineData("udp:a:1")]
    [InlineData("udp:a:1 udp:b:2")]
    [InlineData("udp:a:1 tcp:b:2 x:c:3")]
    [InlineData("http://host:2000")]
    [InlineData("::1:2000")]
    public void Malformed_daemon_address_logs_one_line_and_keeps_the_default(string value)
    {
        var logger = new ListLogger();
        var options = From(logger, ("AWS_XRAY_DAEMON_ADDRESS", value));
        Assert.Same(DaemonAddress.Default, options.DaemonAddress);
        var line = Assert.Single(logger.Lines);
        Assert.Contains("AWS_XRAY_DAEMON_ADDRESS", line);
    }

    [Theory]
    [InlineData("LOG_ERROR", ContextMissingStrategy.LogError)]
    [InlineData("RUNTIME_ERROR", ContextMissingStrategy.RuntimeError)]
    [InlineData("ignore_error", ContextMissingStrategy.IgnoreError)]
    public void Context_missing_strategy_is_read(string value, ContextMissingStrategy expected)
        => Assert.Equal(expected, From(new ListLogger(), ("AWS_XRAY_CONTEXT_MISSING", value)).ContextMissing);

    [Fact]
    public void Unknown_context_missing_value_logs_and_keeps_log_error()
    {
        var logger = new ListLogger();
        Assert.Equal(ContextMissingStrategy.LogError, From(logger, ("AWS_XRAY_CONTEXT_MISSING", "EXPLODE")).ContextMissing);
        Assert.Single(logger.Lines);
    }

    [Fact]
    public void Tracing_name_and_enabled_flag_are_read()
    {
        var options = From(new ListLogger(), ("AWS_XRAY_TRACING_NAME", " checkout "), ("AWS_XRAY_SDK_ENABLED", "false"));
        Assert.Equal("checkout", options.TracingName);
        Assert.False(options.Enabled);
    }

    [Fact]
    public void Nothing_set_gives_the_documented_defaults()
    {
        var logger = new ListLogger();
        var options = From(logger);
        Assert.Equal("127.0.0.1:2000", options.DaemonAddress.ToString());
        Assert.Equal(ContextMissingStrategy.LogError, options.ContextMissing);
        Assert.Null(options.TracingName);
        Assert.True(options.Enabled);
        Assert.Equal(100, options.StreamingThreshold);
        Assert.Equal(4096, options.QueueCapacity);
        Assert.Equal(10_000, options.MaxOpenSegments);
        Assert.Empty(logger.Lines);
    }

    [Fact]
    public void Recorder_reads_its_options_once_and_keeps_a_copy_that_refuses_changes()
    {
        var options = new XRayRecorderOptions { TracingName = "first", Enabled = false, StreamingThreshold = 5 };
        using var recorder = new XRayRecorder(options);
        options.TracingName = "second";
        options.StreamingThreshold = 7;

        Assert.NotSame(options, recorder.Options);
        Assert.Equal("first", recorder.Options.TracingName);
        Assert.Equal(5, recorder.Options.StreamingThreshold);
        using (var segment = recorder.BeginSegment())
            Assert.Equal("first", segment.Name);
        var refused = Assert.Throws<InvalidOperationException>(() => recorder.Options.ContextMissing = ContextMissingStrategy.RuntimeError);
        Assert.Contains("new XRayRecorder", refused.Message, StringComparison.Ordinal);
        Assert.Equal(ContextMissingStrategy.LogError, recorder.Options.ContextMissing);
    }

    [Fact]
    public void Option_values_out_of_range_are_refused_when_set()
    {
        var options = new XRayRecorderOptions();
        Assert.Throws<ArgumentOutOfRangeException>(() => options.StreamingThreshold = -1);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.QueueCapacity = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.MaxOpenSegments = 0);
        Assert.Throws<ArgumentNullException>(() => options.DaemonAddress = null!);
        Assert.Throws<ArgumentNullException>(() => options.SamplingRules = null!);
    }

    [Fact]
    public async Task Disabled_recorder_turns_everything_into_a_no_op()
    {
        using var receiver = new DaemonReceiver();
        await using var recorder = new XRayRecorder(new XRayRecorderOptions { Enabled = false, DaemonAddress = new DaemonAddress("127.0.0.1", receiver.Port), ContextMissing = ContextMissingStrategy.RuntimeError });
        using (var segment = recorder.BeginSegment("off"))
        {
            Assert.False(segment.Sampled);
            using var sub = recorder.BeginSubsegment("child");
            sub.AddAnnotation("k", "v");
        }

        await recorder.FlushAsync();
        Assert.Equal(0, await receiver.SettleAsync());
        Assert.False(recorder.IsEnabled);
    }

    [Fact]
    public void Segment_name_falls_back_to_the_tracing_name()
    {
        using var recorder = new XRayRecorder(new XRayRecorderOptions { TracingName = "from-env", Enabled = false });
        using var segment = recorder.BeginSegment();
        Assert.Equal("from-env", segment.Name);
    }
}
