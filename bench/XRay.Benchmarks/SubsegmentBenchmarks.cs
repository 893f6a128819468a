using BenchmarkDotNet.Attributes;
using XRay.Data;

namespace XRay.Benchmarks;

/// <summary>The caller-thread cost of beginning and ending a subsegment, in a sampled and an unsampled trace.</summary>
[MemoryDiagnoser]
public class SubsegmentBenchmarks
{
    private BenchDaemon daemon = null!;
    private XRayRecorder recorder = null!;
    private Segment sampled = null!;
    private Segment unsampled = null!;

    [GlobalSetup]
    public void Setup()
    {
        daemon = new BenchDaemon();
        recorder = daemon.Recorder();
        // Both segments stay open for the whole run, as a long request's segment would.
        sampled = recorder.BeginSegment("bench-sampled");
        unsampled = recorder.BeginSegment("bench-unsampled", new TraceHeader(TraceId.NewId(), null, SamplingDecision.NotSampled));
    }

    [GlobalCleanup]
    public void Cleanup() => daemon.Dispose();

    [Benchmark(Baseline = true)]
    public void Unsampled_begin_end()
    {
        TraceContextAccess.Set(unsampled);
        using (recorder.BeginSubsegment("work"))
        {
        }
    }

    [Benchmark]
    public void Sampled_begin_end()
    {
        // Past the streaming threshold each ended subsegment is handed to the sender, as in a long-running segment.
        TraceContextAccess.Set(sampled);
        using (recorder.BeginSubsegment("work"))
        {
        }
    }
}
