using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using XRay.AspNetCore.Implementation;
using XRay.Data;
using XRay.Testing;

namespace XRay.AspNetCore.Tests;

/// <summary>
/// A real Kestrel server on a free 127.0.0.1 port whose recorder comes from <c>AddXRay</c> and sends to a
/// <see cref="DaemonReceiver"/>. The <c>AWS_XRAY_*</c> variables are read from <see cref="Variables"/>, never from the
/// process environment, so that the machine's own settings cannot leak into a test.
/// </summary>
internal sealed class TestService : IAsyncDisposable
{
    private TestService(WebApplication app, ListLoggerProvider logs)
    {
        App = app;
        Logs = logs;
        Address = new Uri(app.Urls.First());
        Client = new HttpClient { BaseAddress = Address };
    }

    /// <summary>Records every request unless a test sets other rules.</summary>
    public static SamplingRules SampleAll => new(new SamplingRule(fixedTarget: 0, rate: 1.0));

    public WebApplication App { get; }

    public XRayRecorder Recorder => App.Services.GetRequiredService<XRayRecorder>();

    public Uri Address { get; }

    /// <summary>A plain client, for calling the service from the test.</summary>
    public HttpClient Client { get; }

    public ListLoggerProvider Logs { get; }

    public static async Task<TestService> StartAsync(
        DaemonReceiver receiver,
        Action<WebApplication> pipeline,
        Action<WebApplicationBuilder>? services = null,
        Action<XRayRecorderOptions>? xray = null,
        IReadOnlyDictionary<string, string?>? variables = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var logs = new ListLoggerProvider();
        builder.Logging.ClearProviders().AddProvider(logs);
        builder.Services.AddSingleton(new XRayVariables(name => variables?.GetValueOrDefault(name)));
        builder.Services.AddXRay(options =>
        {
            options.DaemonAddress = new DaemonAddress("127.0.0.1", receiver.Port);
            options.SamplingRules = SampleAll;
            xray?.Invoke(options);
        });
        services?.Invoke(builder);
        var app = builder.Build();
        pipeline(app);
        await app.StartAsync();
        return new TestService(app, logs);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
