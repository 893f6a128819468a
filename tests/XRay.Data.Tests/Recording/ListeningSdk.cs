using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace XRay.Data.Tests.Recording;

/// <summary>The OpenTelemetry SDK listening to <c>XRay.Data</c> (and an application source) with an in-memory exporter.</summary>
internal sealed class ListeningSdk : IDisposable
{
    public const string AppSource = "XRay.Data.Tests.App";

    public static readonly ActivitySource App = new(AppSource);

    private readonly TracerProvider provider;

    public ListeningSdk(string source = SqlRecorder.ActivitySourceName)
    {
        provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(source, AppSource)
            .SetSampler(new AlwaysOnSampler())
            .AddInMemoryExporter(Exported)
            .Build()!;
    }

    /// <summary>Every Activity stopped so far, in the order they stopped.</summary>
    public List<Activity> Exported { get; } = [];

    /// <summary>The exported Activities of the <c>XRay.Data</c> source.</summary>
    public List<Activity> Commands => [.. Exported.Where(a => a.Source.Name == SqlRecorder.ActivitySourceName)];

    /// <summary>Every string an Activity carries: name, tags, events and their tags, status description.</summary>
    public static string AllText(Activity activity)
    {
        var parts = new List<string?> { activity.DisplayName, activity.OperationName, activity.StatusDescription };
        parts.AddRange(activity.TagObjects.Select(t => $"{t.Key}={t.Value}"));
        foreach (var e in activity.Events)
        {
            parts.Add(e.Name);
            parts.AddRange(e.Tags.Select(t => $"{t.Key}={t.Value}"));
        }

        parts.AddRange(activity.Baggage.Select(b => $"{b.Key}={b.Value}"));
        return string.Join("\n", parts);
    }

    public void Dispose() => provider.Dispose();
}
