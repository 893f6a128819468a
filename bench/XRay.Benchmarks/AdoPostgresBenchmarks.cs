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
    private const int CommandsPerSegment = 50;

    private Segment segment = null!;
    private int commands;
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
    public object? Traced()
    {
        var result = traced.ExecuteScalar();
        RenewSegmentWhenFull();
        return result;
    }

    [Benchmark]
    public async Task<object?> Raw_async() => await raw.ExecuteScalarAsync();

    [Benchmark]
    public async Task<object?> Traced_async()
    {
        var result = await traced.ExecuteScalarAsync();
        RenewSegmentWhenFull();
        return result;
    }

    // Request-sized segments are sent whole, as in an application, instead of streaming one datagram per command.
    private void RenewSegmentWhenFull()
    {
        if (++commands < CommandsPerSegment)
            return;
        commands = 0;
        segment.Dispose();
        segment = recorder.BeginSegment("bench", new TraceHeader(TraceId.NewId(), null, SamplingDecision.Sampled));
    }

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
