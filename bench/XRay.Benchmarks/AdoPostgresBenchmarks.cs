using BenchmarkDotNet.Attributes;
using Npgsql;
using XRay.Data;
using XRay.Testing;

namespace XRay.Benchmarks;

/// <summary><c>SELECT 1</c> on the test PostgreSQL server, raw Npgsql against a traced connection in a sampled trace.</summary>
[MemoryDiagnoser]
public class AdoPostgresBenchmarks
{
    private BenchDaemon daemon = null!;
    private XRayRecorder recorder = null!;
    private Segment segment = null!;
    private NpgsqlConnection rawConnection = null!;
    private NpgsqlCommand raw = null!;
    private TracedDbConnection tracedConnection = null!;
    private TracedDbCommand traced = null!;

    [GlobalSetup]
    public void Setup()
    {
        var connectionString = TestPostgres.ConnectionString;
        daemon = new BenchDaemon();
        recorder = daemon.Recorder();
        rawConnection = new NpgsqlConnection(connectionString);
        rawConnection.Open();
        raw = new NpgsqlCommand("SELECT 1", rawConnection);
        tracedConnection = new TracedDbConnection(new NpgsqlConnection(connectionString), recorder);
        tracedConnection.Open();
        traced = tracedConnection.CreateCommand();
        traced.CommandText = "SELECT 1";
        segment = recorder.BeginSegment("bench", new TraceHeader(TraceId.NewId(), null, SamplingDecision.Sampled));
    }

    [Benchmark(Baseline = true)]
    public object? Raw() => raw.ExecuteScalar();

    [Benchmark]
    public object? Traced() => traced.ExecuteScalar();

    [Benchmark]
    public async Task<object?> Raw_async() => await raw.ExecuteScalarAsync();

    [Benchmark]
    public async Task<object?> Traced_async() => await traced.ExecuteScalarAsync();

    [GlobalCleanup]
    public void Cleanup()
    {
        segment.Dispose();
        raw.Dispose();
        rawConnection.Dispose();
        traced.Dispose();
        tracedConnection.Dispose();
        daemon.Dispose();
    }
}
