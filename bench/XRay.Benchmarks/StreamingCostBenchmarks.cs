using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using Npgsql;
using XRay.Data;
using XRay.Testing;

namespace XRay.Benchmarks;

/// <summary>
/// What streaming costs an application: <c>SELECT 1</c> on the test PostgreSQL server over loopback, run
/// <see cref="Commands"/> times raw, traced in request-sized segments (sent whole every
/// <see cref="CommandsPerRequest"/> commands), and traced in one long segment, where every subsegment past the
/// streaming threshold is sent as a datagram of its own while the next command runs. Each benchmark call is one round
/// of <see cref="Commands"/> commands. <see cref="RunInterleaved"/> measures the same three side by side, rounds
/// interleaved so that a machine's drift cancels out, and reports medians.
/// </summary>
[MemoryDiagnoser]
public class StreamingCostBenchmarks
{
    public const int Commands = 2_000;
    public const int CommandsPerRequest = 50;

    private BenchDaemon daemon = null!;
    private XRayRecorder recorder = null!;
    private NpgsqlConnection rawConnection = null!;
    private NpgsqlCommand raw = null!;
    private TracedDbConnection tracedConnection = null!;
    private TracedDbCommand traced = null!;

    [GlobalSetup]
    public void Setup()
    {
        var connectionString = TestPostgres.ConnectionString;
        daemon = new BenchDaemon();
        // The default queue: a short one would drop streamed datagrams and leave their cost out of the figures.
        recorder = new XRayRecorder(new XRayRecorderOptions
        {
            DaemonAddress = daemon.Address,
            SamplingRules = new SamplingRules(new SamplingRule(fixedTarget: 0, rate: 1.0)),
        });
        rawConnection = new NpgsqlConnection(connectionString);
        rawConnection.Open();
        raw = new NpgsqlCommand("SELECT 1", rawConnection);
        tracedConnection = new TracedDbConnection(new NpgsqlConnection(connectionString), recorder);
        tracedConnection.Open();
        traced = tracedConnection.CreateCommand();
        traced.CommandText = "SELECT 1";
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        recorder.FlushAsync().GetAwaiter().GetResult();
        var stats = recorder.Statistics;
        Console.WriteLine($"// streaming: {stats.DatagramsSent} datagrams sent, {stats.StreamedSubsegments} subsegments streamed, {stats.DroppedQueueFull} dropped (queue full)");
        raw.Dispose();
        rawConnection.Dispose();
        traced.Dispose();
        tracedConnection.Dispose();
        recorder.Dispose();
        daemon.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Commands)]
    public void Raw()
    {
        for (var i = 0; i < Commands; i++)
            raw.ExecuteScalar();
    }

    [Benchmark(OperationsPerInvoke = Commands)]
    public void Traced_in_request_sized_segments()
    {
        for (var request = 0; request < Commands / CommandsPerRequest; request++)
        {
            using var segment = recorder.BeginSegment("bench-request", Sampled());
            for (var i = 0; i < CommandsPerRequest; i++)
                traced.ExecuteScalar();
        }
    }

    [Benchmark(OperationsPerInvoke = Commands)]
    public void Traced_in_one_long_segment()
    {
        using var segment = recorder.BeginSegment("bench-long", Sampled());
        for (var i = 0; i < Commands; i++)
            traced.ExecuteScalar();
    }

    /// <summary>
    /// Runs <paramref name="rounds"/> rounds of each case, the order rotating every round, and prints each case's
    /// median time per command and its ratio to raw (median of the per-round ratios, which cancels slow drift).
    /// </summary>
    public static void RunInterleaved(int rounds, TextWriter output)
    {
        var bench = new StreamingCostBenchmarks();
        bench.Setup();
        try
        {
            (string Name, Action Round)[] cases =
            [
                ("Raw", bench.Raw),
                ("Traced_in_request_sized_segments", bench.Traced_in_request_sized_segments),
                ("Traced_in_one_long_segment", bench.Traced_in_one_long_segment),
            ];
            foreach (var (_, round) in cases)
                round();

            var perCommand = cases.Select(_ => new List<double>()).ToArray();
            var cpuPerCommand = cases.Select(_ => new List<double>()).ToArray();
            using var process = Process.GetCurrentProcess();
            for (var r = 0; r < rounds; r++)
            {
                for (var k = 0; k < cases.Length; k++)
                {
                    var index = (k + r) % cases.Length;
                    // The previous round's datagrams are sent before the next round starts, so no case pays for another.
                    bench.recorder.FlushAsync().GetAwaiter().GetResult();
                    process.Refresh();
                    var cpu = process.TotalProcessorTime;
                    var watch = Stopwatch.StartNew();
                    cases[index].Round();
                    bench.recorder.FlushAsync().GetAwaiter().GetResult();
                    var elapsed = watch.Elapsed;
                    process.Refresh();
                    perCommand[index].Add(elapsed.TotalMicroseconds / Commands);
                    cpuPerCommand[index].Add((process.TotalProcessorTime - cpu).TotalMicroseconds / Commands);
                }
            }

            output.WriteLine($"{rounds} interleaved rounds of {Commands} x SELECT 1 on {Environment.ProcessorCount} cores (each round until its datagrams are sent)");
            for (var k = 0; k < cases.Length; k++)
            {
                var ratios = perCommand[k].Zip(perCommand[0], (traced, raw) => traced / raw).ToList();
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{cases[k].Name,-34} median {Median(perCommand[k]),7:F2} us/command, ratio to raw {Median(ratios):F3}; this process's CPU {Median(cpuPerCommand[k]),6:F2} us/command"));
            }
        }
        finally
        {
            bench.Cleanup();
        }
    }

    private static TraceHeader Sampled() => new(TraceId.NewId(), null, SamplingDecision.Sampled);

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
