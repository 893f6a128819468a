using BenchmarkDotNet.Attributes;
using XRay.Data;

namespace XRay.Benchmarks;

/// <summary>
/// The caller-thread cost of tracing one command, on an in-memory command that does nothing: a sampled trace, an
/// unsampled trace, and no segment at all (the default LOG_ERROR strategy). The sampled case renews its segment every
/// <see cref="CommandsPerSegment"/> commands, as requests do, so that the segment is sent whole rather than streaming
/// one subsegment per command; that renewal is part of the measured cost.
/// </summary>
[MemoryDiagnoser]
public class AdoOverheadBenchmarks
{
    private const string ConnectionString = "Host=db.example.com;Port=5432;Database=bench;Username=app;Password=secret;Pooling=true";

    private const int CommandsPerSegment = 50;

    private BenchDaemon? daemon;
    private int commands;
    private XRayRecorder recorder = null!;
    private Segment? segment;
    private AdoFakeCommand raw = null!;
    private TracedDbCommand traced = null!;

    [GlobalSetup(Target = nameof(Raw))]
    public void SetupRaw() => Setup(null);

    [GlobalSetup(Target = nameof(Traced_sampled))]
    public void SetupSampled() => Setup(SamplingDecision.Sampled);

    [GlobalSetup(Target = nameof(Traced_sampled_non_query))]
    public void SetupSampledNonQuery() => Setup(SamplingDecision.Sampled);

    [GlobalSetup(Target = nameof(Traced_unsampled))]
    public void SetupUnsampled() => Setup(SamplingDecision.NotSampled);

    [GlobalSetup(Target = nameof(Traced_no_segment))]
    public void SetupNoSegment() => Setup(null);

    [Benchmark(Baseline = true)]
    public object? Raw() => raw.ExecuteScalar();

    [Benchmark]
    public object? Traced_sampled()
    {
        var result = traced.ExecuteScalar();
        RenewSegmentWhenFull();
        return result;
    }

    /// <summary>As <see cref="Traced_sampled"/>, plus the <c>rows_affected</c> a non-query records.</summary>
    [Benchmark]
    public int Traced_sampled_non_query()
    {
        var result = traced.ExecuteNonQuery();
        RenewSegmentWhenFull();
        return result;
    }

    [Benchmark]
    public object? Traced_unsampled() => traced.ExecuteScalar();

    [Benchmark]
    public object? Traced_no_segment() => traced.ExecuteScalar();

    private void RenewSegmentWhenFull()
    {
        if (++commands < CommandsPerSegment)
            return;
        commands = 0;
        segment!.Dispose();
        segment = recorder.BeginSegment("bench", new TraceHeader(TraceId.NewId(), null, SamplingDecision.Sampled));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        segment?.Dispose();
        daemon?.Dispose();
    }

    private void Setup(SamplingDecision? decision)
    {
        daemon = new BenchDaemon();
        recorder = daemon.Recorder();
        var connection = new TracedDbConnection(new AdoFakeConnection(ConnectionString), recorder);
        connection.Open();
        traced = connection.CreateCommand();
        traced.CommandText = "select name from items where id = 42";
        raw = (AdoFakeCommand)connection.InnerConnection.CreateCommand();
        raw.CommandText = traced.CommandText;
        if (decision is { } sampled)
            segment = recorder.BeginSegment("bench", new TraceHeader(TraceId.NewId(), null, sampled));
    }
}
