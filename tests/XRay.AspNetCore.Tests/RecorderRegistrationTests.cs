using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using XRay.AspNetCore.Implementation;
using XRay.Data;
using XRay.Testing;

namespace XRay.AspNetCore.Tests;

public sealed class RecorderRegistrationTests
{
    [Fact]
    public async Task Recorder_is_built_from_the_XRay_configuration_section()
    {
        var rules = Path.Combine(Path.GetTempPath(), $"xray-rules-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(rules, """{"version":2,"default":{"fixed_target":3,"rate":0.25}}""");
        try
        {
            await using var services = Build(new Dictionary<string, string?>
            {
                ["XRay:DaemonAddress"] = "10.0.0.5:2001",
                ["XRay:ContextMissing"] = "IGNORE_ERROR",
                ["XRay:TracingName"] = "archiver",
                ["XRay:SamplingRulesFile"] = Path.GetFileName(rules),
                ["XRay:StreamingThreshold"] = "20",
                ["XRay:QueueCapacity"] = "128",
                ["XRay:MaxOpenSegments"] = "500",
            }, contentRoot: Path.GetDirectoryName(rules));

            var options = services.GetRequiredService<XRayRecorder>().Options;

            Assert.Equal(("10.0.0.5", 2001), (options.DaemonAddress.UdpHost, options.DaemonAddress.UdpPort));
            Assert.Equal(ContextMissingStrategy.IgnoreError, options.ContextMissing);
            Assert.Equal("archiver", options.TracingName);
            Assert.Equal((3, 0.25), (options.SamplingRules.DefaultRule.FixedTarget, options.SamplingRules.DefaultRule.Rate));
            Assert.Equal(20, options.StreamingThreshold);
            Assert.Equal(128, options.QueueCapacity);
            Assert.Equal(500, options.MaxOpenSegments);
        }
        finally
        {
            File.Delete(rules);
        }
    }

    [Fact]
    public async Task Code_runs_after_the_section_and_the_AWS_XRAY_variables_win_over_both()
    {
        var configuration = new Dictionary<string, string?>
        {
            ["XRay:DaemonAddress"] = "10.0.0.5:2001",
            ["XRay:ContextMissing"] = "LogError",
            ["XRay:TracingName"] = "from-configuration",
            ["XRay:Enabled"] = "true",
        };
        var variables = new Dictionary<string, string?>
        {
            ["AWS_XRAY_DAEMON_ADDRESS"] = "udp:10.9.9.9:2002 tcp:10.9.9.9:2003",
            ["AWS_XRAY_CONTEXT_MISSING"] = "RUNTIME_ERROR",
            ["AWS_XRAY_SDK_ENABLED"] = "false",
        };
        await using var services = Build(configuration, variables, options =>
        {
            Assert.Equal("from-configuration", options.TracingName);
            options.TracingName = "from-code";
            options.DaemonAddress = new DaemonAddress("10.1.1.1", 2000);
            options.ContextMissing = ContextMissingStrategy.IgnoreError;
        });

        var options = services.GetRequiredService<XRayRecorder>().Options;

        Assert.Equal(("10.9.9.9", 2002), (options.DaemonAddress.UdpHost, options.DaemonAddress.UdpPort));
        Assert.Equal(ContextMissingStrategy.RuntimeError, options.ContextMissing);
        Assert.Equal("from-code", options.TracingName);
        Assert.False(options.Enabled);
    }

    [Fact]
    public async Task Malformed_values_are_logged_through_the_applications_logger_factory_and_ignored()
    {
        var logs = new ListLoggerProvider();
        await using var services = Build(
            new Dictionary<string, string?> { ["XRay:DaemonAddress"] = "no port here", ["XRay:ContextMissing"] = "SOMETIMES", ["XRay:SamplingRulesFile"] = "/nonexistent/rules.json" },
            new Dictionary<string, string?> { ["AWS_XRAY_SDK_ENABLED"] = "maybe" },
            logs: logs);

        var recorder = services.GetRequiredService<XRayRecorder>();

        Assert.Equal(DaemonAddress.Default.ToString(), recorder.Options.DaemonAddress.ToString());
        Assert.Equal(ContextMissingStrategy.LogError, recorder.Options.ContextMissing);
        Assert.True(recorder.IsEnabled);
        var errors = logs.Entries.Where(entry => entry.Level == LogLevel.Error).Select(entry => entry.Message).ToList();
        Assert.Contains(errors, message => message.Contains("XRay:DaemonAddress 'no port here'", StringComparison.Ordinal));
        Assert.Contains(errors, message => message.Contains("XRay:ContextMissing 'SOMETIMES'", StringComparison.Ordinal));
        Assert.Contains(errors, message => message.Contains("/nonexistent/rules.json", StringComparison.Ordinal));
        Assert.Contains(errors, message => message.Contains("AWS_XRAY_SDK_ENABLED 'maybe'", StringComparison.Ordinal));
        Assert.All(logs.Entries, entry => Assert.Equal(typeof(XRayRecorder).FullName, entry.Category));
    }

    [Fact]
    public async Task One_recorder_for_the_application_and_none_of_it_in_XRayRecorder_Default()
    {
        await using var services = Build(new Dictionary<string, string?> { ["XRay:TracingName"] = "app" }, configure: o => o.QueueCapacity = 64);

        var recorder = services.GetRequiredService<XRayRecorder>();

        Assert.Same(recorder, services.GetRequiredService<XRayRecorder>());
        Assert.NotSame(XRayRecorder.Default, recorder);
        Assert.NotEqual("app", XRayRecorder.Default.Options.TracingName);
        Assert.NotEqual(64, XRayRecorder.Default.Options.QueueCapacity);
    }

    [Fact]
    public async Task Host_shutdown_sends_every_segment_still_queued()
    {
        using var receiver = new DaemonReceiver();
        await using var service = await TestService.StartAsync(
            receiver,
            app => app.MapGet("/", () => "ok"),
            services: builder => builder.Services.AddHostedService<SegmentsAtShutdown>());
        var recorder = service.Recorder;

        // Stopping ends the service's segments; they are sent before the host reports it has stopped.
        await service.App.StopAsync();

        Assert.Equal(SegmentsAtShutdown.Count, recorder.Statistics.DatagramsSent);
        Assert.Equal(SegmentsAtShutdown.Count, (await receiver.WaitForSegmentsAsync(SegmentsAtShutdown.Count)).Count);
    }

    private static ServiceProvider Build(
        Dictionary<string, string?> configuration,
        Dictionary<string, string?>? variables = null,
        Action<XRayRecorderOptions>? configure = null,
        ListLoggerProvider? logs = null,
        string? contentRoot = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build());
        services.AddLogging(logging => logging.AddProvider(logs ?? new ListLoggerProvider()));
        if (contentRoot is not null)
            services.AddSingleton<IHostEnvironment>(new ContentRoot(contentRoot));
        services.AddSingleton(new XRayVariables(name => variables?.GetValueOrDefault(name)));
        services.AddXRay(configure);
        return services.BuildServiceProvider();
    }

    /// <summary>Ends many segments as the host stops: more than the sender could send before the stop returns unless it is waited for.</summary>
    private sealed class SegmentsAtShutdown(XRayRecorder recorder) : BackgroundService
    {
        public const int Count = 2000;

        private int stopped;

        public override Task StopAsync(CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref stopped, 1) == 1)
                return base.StopAsync(cancellationToken);
            for (var i = 0; i < Count; i++)
            {
                using var segment = recorder.BeginSegment("shutdown");
                segment.AddAnnotation("index", i);
            }

            return base.StopAsync(cancellationToken);
        }

        protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
    }

    private sealed class ContentRoot(string path) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Production;

        public string ApplicationName { get; set; } = "tests";

        public string ContentRootPath { get; set; } = path;

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }
}
