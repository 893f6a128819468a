using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using OpenTelemetry.Trace;
using XRay.Data;
using SamplingDecision = XRay.Data.SamplingDecision;

namespace XRay.Benchmarks;

/// <summary>
/// One EF Core query on loopback PostgreSQL four ways, in one run: no instrumentation; <c>AddXRayInterceptor()</c> in a
/// sampled X-Ray segment; OpenTelemetry's EF Core instrumentation with an SDK listening; and the interceptor's
/// <c>XRay.Data</c> Activities with the same SDK listening (no X-Ray segment). Each case sets up only its own listener.
/// </summary>
[MemoryDiagnoser]
public class OpenTelemetryEfCoreBenchmarks
{
    private BenchDaemon daemon = null!;
    private XRayRecorder recorder = null!;
    private TracerProvider? listener;
    private DbContextOptions<BenchContext> plainOptions = null!;
    private DbContextOptions<BenchContext> interceptedOptions = null!;
    private Guid batch;

    [GlobalSetup(Targets = [nameof(Query_without_instrumentation), nameof(Query_with_interceptor_in_xray_segment)])]
    public void SetupWithoutListener() => Setup(null);

    [GlobalSetup(Target = nameof(Query_with_opentelemetry_efcore_instrumentation))]
    public void SetupEfCoreInstrumentation() => Setup(b => b.AddEntityFrameworkCoreInstrumentation());

    [GlobalSetup(Target = nameof(Query_with_interceptor_activities_listened))]
    public void SetupXRayDataListener() => Setup(b => b.AddSource("XRay.Data"));

    [Benchmark(Baseline = true)]
    public Task<int> Query_without_instrumentation() => QueryAsync(plainOptions);

    [Benchmark]
    public async Task<int> Query_with_interceptor_in_xray_segment()
    {
        using var segment = recorder.BeginSegment("bench", new TraceHeader(TraceId.NewId(), null, SamplingDecision.Sampled));
        return await QueryAsync(interceptedOptions);
    }

    [Benchmark]
    public Task<int> Query_with_opentelemetry_efcore_instrumentation() => QueryAsync(plainOptions);

    [Benchmark]
    public Task<int> Query_with_interceptor_activities_listened() => QueryAsync(interceptedOptions);

    [GlobalCleanup]
    public void Cleanup()
    {
        listener?.Dispose();
        daemon.Dispose();
    }

    private void Setup(Action<TracerProviderBuilder>? sources)
    {
        listener = sources is null ? null : ActivitySink.Listen(sources);
        daemon = new BenchDaemon();
        recorder = daemon.Recorder();
        var connectionString = BenchContext.ConnectionString;
        plainOptions = new DbContextOptionsBuilder<BenchContext>().UseNpgsql(connectionString).Options;
        // Without a segment the commands are recorded only as Activities; no segment is not a missing context here.
        interceptedOptions = new DbContextOptionsBuilder<BenchContext>().UseNpgsql(connectionString).AddXRayInterceptor(recorder).Options;
        batch = BenchContext.Seed(plainOptions);
    }

    private Task<int> QueryAsync(DbContextOptions<BenchContext> options) => BenchContext.QueryAsync(options, batch);
}
