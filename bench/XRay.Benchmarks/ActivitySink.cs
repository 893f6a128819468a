using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace XRay.Benchmarks;

/// <summary>
/// An OpenTelemetry SDK listening to some sources with every span sampled and recorded, exporting to a processor
/// that keeps nothing: the spans are built in full, as for an exporter, without the exporter's own cost or a growing list.
/// </summary>
internal static class ActivitySink
{
    public static TracerProvider Listen(Action<TracerProviderBuilder> sources)
    {
        var builder = Sdk.CreateTracerProviderBuilder().SetSampler(new AlwaysOnSampler()).AddProcessor(new Discard());
        sources(builder);
        return builder.Build();
    }

    private sealed class Discard : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data) => GC.KeepAlive(data.TagObjects);
    }
}
