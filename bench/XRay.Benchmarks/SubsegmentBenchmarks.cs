using BenchmarkDotNet.Attributes;
using XRay.Data;

namespace XRay.Benchmarks;

/// <summary>
/// The caller-thread cost of beginning and ending a subsegment: in an unsampled trace; in a request-sized sampled
/// segment (renewed every <see cref="SubsegmentsPerRequest"/> subsegments, that renewal included, so segments are sent
/// whole); and in one long-running sampled segment, where past the streaming threshold every ended subsegment is
/// handed to the sender on its own.
/// </summary>
[MemoryDiagnoser]
public class SubsegmentBenchmarks
{
    private BenchDaemon daemon = null!;
    private XRayRecorder recorder = null!;
    private Segment sampled = null!;
    private Segment unsampled = null!;
    private Segment request = null!;
    private int subsegments;

    private const int SubsegmentsPerRequest = 50;

    [GlobalSetup]
    public void Setup()
    {
        daemon = new BenchDaemon();
        recorder = daemon.Recorder();
        // Both segments stay open for the whole run, as a long request's segment would.
        sampled = recorder.BeginSegment("bench-sampled");
        unsampled = recorder.BeginSegment("bench-unsampled", new TraceHeader(TraceId.NewId(), null, SamplingDecision.NotSampled));
        request = recorder.BeginSegment("bench-request");
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
    public void Sampled_begin_end_in_a_request()
    {
        TraceContextAccess.Set(request);
        using (recorder.BeginSubsegment("work"))
        {
        }

        if (++subsegments < SubsegmentsPerRequest)
            return;
        subsegments = 0;
        request.Dispose();
        request = recorder.BeginSegment("bench-request");
    }

    [Benchmark]
    public void Sampled_begin_end_streaming()
    {
        TraceContextAccess.Set(sampled);
        using (recorder.BeginSubsegment("work"))
        {
        }
    }
}
