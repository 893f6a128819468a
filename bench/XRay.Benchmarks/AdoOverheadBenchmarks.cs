using BenchmarkDotNet.Attributes;
using XRay.Data;

namespace XRay.Benchmarks;

/// <summary>
/// The caller-thread cost of tracing one command, on an in-memory command that does nothing: a sampled trace, an
/// unsampled trace, and no segment at all (the default LOG_ERROR strategy). The sampled cases run in
/// <see cref="RequestSegments"/>.
/// </summary>
[MemoryDiagnoser]
public class AdoOverheadBenchmarks
{
    internal const string ConnectionString = "Host=db.example.com;Port=5432;Database=bench;Username=app;Password=secret;Pooling=true";
    internal const string Query = "select name from items where id = 42";

    private BenchDaemon? daemon;
    private XRayRecorder recorder = null!;
    private RequestSegments? requests;
    private Segment? unsampled;
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
        requests!.CommandDone();
        return result;
    }

    /// <summary>As <see cref="Traced_sampled"/>, plus the <c>rows_affected</c> a non-query records.</summary>
    [Benchmark]
    public int Traced_sampled_non_query()
    {
        var result = traced.ExecuteNonQuery();
        requests!.CommandDone();
        return result;
    }

    [Benchmark]
    public object? Traced_unsampled() => traced.ExecuteScalar();

    [Benchmark]
    public object? Traced_no_segment() => traced.ExecuteScalar();

    [GlobalCleanup]
    public void Cleanup()
    {
        requests?.Dispose();
        unsampled?.Dispose();
        daemon?.Dispose();
    }

    private void Setup(SamplingDecision? decision)
    {
        daemon = new BenchDaemon();
        recorder = daemon.Recorder();
        var connection = new TracedDbConnection(new AdoFakeConnection(ConnectionString), recorder);
        connection.Open();
        traced = connection.CreateCommand();
        traced.CommandText = Query;
        raw = (AdoFakeCommand)connection.InnerConnection.CreateCommand();
        raw.CommandText = traced.CommandText;
        if (decision == SamplingDecision.Sampled)
            requests = new RequestSegments(recorder);
        else if (decision is { } other)
            unsampled = recorder.BeginSegment("bench", new TraceHeader(TraceId.NewId(), null, other));
    }
}
