using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using XRay.Data;

namespace XRay.Benchmarks;

/// <summary>
/// One EF Core query over loopback PostgreSQL, each inside its own segment: without the interceptor, with it in a
/// sampled trace (one sql subsegment per query), and with it in an unsampled trace. An interceptor that does nothing
/// shows what EF Core itself spends once any command interceptor is registered. Segments go to a UDP socket that
/// never reads, so the receiving side costs nothing.
/// </summary>
[MemoryDiagnoser]
public class EfCoreInterceptorBenchmarks
{
    private BenchDaemon daemon = null!;
    private XRayRecorder sampled = null!;
    private XRayRecorder unsampled = null!;
    private DbContextOptions<BenchContext> plainOptions = null!;
    private DbContextOptions<BenchContext> sampledOptions = null!;
    private DbContextOptions<BenchContext> unsampledOptions = null!;
    private DbContextOptions<BenchContext> emptyInterceptorOptions = null!;
    private Guid batch;

    [GlobalSetup]
    public void Setup()
    {
        daemon = new BenchDaemon();
        sampled = daemon.Recorder(rate: 1.0);
        unsampled = daemon.Recorder(rate: 0);

        var connectionString = BenchContext.ConnectionString;
        plainOptions = Options(connectionString, recorder: null);
        sampledOptions = Options(connectionString, sampled);
        unsampledOptions = Options(connectionString, unsampled);
        emptyInterceptorOptions = new DbContextOptionsBuilder<BenchContext>()
            .UseNpgsql(connectionString)
            .AddInterceptors(new EmptyCommandInterceptor())
            .Options;

        batch = BenchContext.Seed(plainOptions);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        daemon.Dispose();
    }

    [Benchmark(Baseline = true)]
    public Task<int> Query_without_interceptor() => QueryAsync(sampled, plainOptions);

    [Benchmark]
    public Task<int> Query_with_empty_interceptor() => QueryAsync(sampled, emptyInterceptorOptions);

    [Benchmark]
    public Task<int> Query_with_interceptor_sampled() => QueryAsync(sampled, sampledOptions);

    [Benchmark]
    public Task<int> Query_with_interceptor_unsampled() => QueryAsync(unsampled, unsampledOptions);

    private async Task<int> QueryAsync(XRayRecorder recorder, DbContextOptions<BenchContext> options)
    {
        using var segment = recorder.BeginSegment("bench");
        return await BenchContext.QueryAsync(options, batch);
    }

    private sealed class EmptyCommandInterceptor : DbCommandInterceptor;

    private static DbContextOptions<BenchContext> Options(string connectionString, XRayRecorder? recorder)
    {
        var builder = new DbContextOptionsBuilder<BenchContext>().UseNpgsql(connectionString);
        if (recorder is not null)
            builder.AddXRayInterceptor(recorder);
        return builder.Options;
    }
}
