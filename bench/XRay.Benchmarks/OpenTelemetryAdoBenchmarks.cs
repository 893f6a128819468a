using BenchmarkDotNet.Attributes;
using Npgsql;
using OpenTelemetry.Trace;
using XRay.Data;
using XRay.Testing;

namespace XRay.Benchmarks;

/// <summary>
/// <c>SELECT 1</c> on loopback PostgreSQL four ways, in one run: raw Npgsql; Npgsql's own tracing (Npgsql.OpenTelemetry)
/// with an OpenTelemetry SDK listening; a <see cref="TracedDbConnection"/> whose <c>XRay.Data</c> Activities the same
/// SDK listens to (no X-Ray segment); and the traced connection in a sampled X-Ray segment (no listener). Each case
/// sets up only its own listener, so none pays for another's.
/// </summary>
[MemoryDiagnoser]
public class OpenTelemetryAdoBenchmarks
{
    private BenchDaemon daemon = null!;
    private XRayRecorder recorder = null!;
    private TracerProvider? listener;
    private RequestSegments? requests;
    private NpgsqlDataSource dataSource = null!;
    private NpgsqlConnection rawConnection = null!;
    private NpgsqlCommand raw = null!;
    private TracedDbConnection tracedConnection = null!;
    private TracedDbCommand traced = null!;

    [GlobalSetup(Targets = [nameof(Raw), nameof(Traced_in_xray_segment)])]
    public void SetupWithoutListener() => Setup(null);

    [GlobalSetup(Target = nameof(Npgsql_tracing_listened))]
    public void SetupNpgsqlListener() => Setup(b => b.AddNpgsql());

    [GlobalSetup(Target = nameof(Traced_activities_listened))]
    public void SetupXRayDataListener() => Setup(b => b.AddSource("XRay.Data"));

    [Benchmark(Baseline = true)]
    public object? Raw() => raw.ExecuteScalar();

    [Benchmark]
    public object? Npgsql_tracing_listened() => raw.ExecuteScalar();

    [Benchmark]
    public object? Traced_activities_listened() => traced.ExecuteScalar();

    [Benchmark]
    public object? Traced_in_xray_segment()
    {
        requests ??= new RequestSegments(recorder);
        var result = traced.ExecuteScalar();
        requests.CommandDone();
        return result;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        requests?.Dispose();
        raw.Dispose();
        rawConnection.Dispose();
        traced.Dispose();
        tracedConnection.Dispose();
        dataSource.Dispose();
        listener?.Dispose();
        daemon.Dispose();
    }

    private void Setup(Action<TracerProviderBuilder>? sources)
    {
        listener = sources is null ? null : ActivitySink.Listen(sources);
        daemon = new BenchDaemon();
        recorder = daemon.Recorder();
        // A data source, as Npgsql's tracing is configured per data source; both connections come from it.
        dataSource = NpgsqlDataSource.Create(TestPostgres.ConnectionString);
        rawConnection = dataSource.OpenConnection();
        raw = new NpgsqlCommand("SELECT 1", rawConnection);
        tracedConnection = new TracedDbConnection(dataSource.CreateConnection(), recorder);
        tracedConnection.Open();
        traced = tracedConnection.CreateCommand();
        traced.CommandText = "SELECT 1";
    }
}
