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
    private RequestSegments requests = null!;
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
        requests = new RequestSegments(recorder);
    }

    [Benchmark(Baseline = true)]
    public object? Raw() => raw.ExecuteScalar();

    [Benchmark]
    public object? Traced()
    {
        var result = traced.ExecuteScalar();
        requests.CommandDone();
        return result;
    }

    [Benchmark]
    public async Task<object?> Raw_async() => await raw.ExecuteScalarAsync();

    [Benchmark]
    public async Task<object?> Traced_async()
    {
        var result = await traced.ExecuteScalarAsync();
        requests.CommandDone();
        return result;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        requests.Dispose();
        raw.Dispose();
        rawConnection.Dispose();
        traced.Dispose();
        tracedConnection.Dispose();
        daemon.Dispose();
    }
}
