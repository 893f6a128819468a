using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using XRay.Data;
using XRay.EFCore;
using XRay.Testing;

namespace XRay.Benchmarks;

/// <summary>
/// What the interceptor itself adds to one EF Core query, without the database: the Executing and DataReaderClosing
/// hooks called as EF Core calls them, on an open PostgreSQL connection, inside a segment. The segment alone is the
/// baseline; the difference is the interceptor's cost per command, emission of the larger document included.
/// </summary>
[MemoryDiagnoser]
public class EfCoreInterceptorHookBenchmarks
{
    private const string Query = "SELECT r.\"Id\", r.\"Batch\", r.\"Name\", r.\"Price\"\nFROM rows AS r\nWHERE r.\"Batch\" = @batch AND r.\"Price\" < 5.0";

    private BenchDaemon daemon = null!;
    private XRayRecorder sampled = null!;
    private XRayRecorder unsampled = null!;
    private XRayInterceptor sampledInterceptor = null!;
    private XRayInterceptor unsampledInterceptor = null!;
    private NpgsqlConnection connection = null!;
    private NpgsqlCommand command = null!;
    private CommandEventData executing = null!;
    private DataReaderClosingEventData closing = null!;

    [GlobalSetup]
    public void Setup()
    {
        daemon = new BenchDaemon();
        sampled = daemon.Recorder(rate: 1.0);
        unsampled = daemon.Recorder(rate: 0);
        sampledInterceptor = new XRayInterceptor(sampled);
        unsampledInterceptor = new XRayInterceptor(unsampled);

        connection = new NpgsqlConnection(TestPostgres.ConnectionString);
        connection.Open();
        command = new NpgsqlCommand(Query, connection);
        var commandId = Guid.NewGuid();
        var connectionId = Guid.NewGuid();
        executing = new CommandEventData(null!, null!, connection, command, Query, null, DbCommandMethod.ExecuteReader,
            commandId, connectionId, async: true, logParameterValues: false, DateTimeOffset.UtcNow, CommandSource.LinqQuery);
        closing = new DataReaderClosingEventData(null!, null!, command, null!, null, commandId, connectionId,
            async: true, recordsAffected: -1, readCount: 6, DateTimeOffset.UtcNow);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        command.Dispose();
        connection.Dispose();
        daemon.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void Segment_only()
    {
        using var segment = sampled.BeginSegment("bench");
    }

    [Benchmark]
    public void Segment_with_one_traced_command()
    {
        using var segment = sampled.BeginSegment("bench");
        Execute(sampledInterceptor);
    }

    [Benchmark]
    public void Unsampled_segment_with_one_command()
    {
        using var segment = unsampled.BeginSegment("bench");
        Execute(unsampledInterceptor);
    }

    private void Execute(XRayInterceptor interceptor)
    {
        interceptor.ReaderExecuting(command, executing, default);
        interceptor.DataReaderClosing(command, closing, default);
    }
}
