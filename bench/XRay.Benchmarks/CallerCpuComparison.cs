using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace XRay.Benchmarks;

/// <summary>
/// The caller thread's CPU time per command for two or more builds of XRay.Data, loaded side by side into one process
/// and measured in alternating rounds, so that the machine's drift falls on every build alike. BenchmarkDotNet measures
/// wall time, which on a two-core machine also holds whatever the busy sender thread takes from the caller; this reads
/// the caller thread's own CPU clock. Each build is driven through public API that every version has, on the same
/// in-memory command as <see cref="AdoOverheadBenchmarks"/>. Linux only (<c>CLOCK_THREAD_CPUTIME_ID</c>).
/// </summary>
internal static class CallerCpuComparison
{
    private const string Current = "current";

    /// <summary>Measures each build in <paramref name="builds"/>: paths to an <c>XRay.Data.dll</c>, or <c>current</c> for this one.</summary>
    public static void Run(IReadOnlyList<string> builds, int rounds, TextWriter output)
    {
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("--caller-cpu reads CLOCK_THREAD_CPUTIME_ID, which only Linux offers here.");
        if (builds.Count == 0)
            throw new ArgumentException("Name at least one build: 'current', or the path of an XRay.Data.dll.", nameof(builds));

        using var daemon = new BenchDaemon();
        var drivers = builds.Select(build => new CallerCpuDriver(build, LoadBuild(build), daemon.Address)).ToArray();
        try
        {
            output.WriteLine($"caller-thread CPU per command; {rounds} rounds, builds alternated within each round, the first fifth discarded as warm-up");
            Measure("sampled, 50 commands per segment", drivers, rounds, 20_000, static (d, n) => d.RunSampled(n), output);
            Measure("sampled, 50 commands per segment, the sender idle", drivers, rounds, 20_000, static (d, n) => d.RunSampledWithIdleSender(n), output);
            Measure("unsampled", drivers, rounds, 200_000, static (d, n) => d.RunUnsampled(n), output);
            Measure("no segment (LOG_ERROR)", drivers, rounds, 200_000, static (d, n) => d.RunWithoutSegment(n), output);
        }
        finally
        {
            foreach (var driver in drivers)
                driver.Dispose();
        }
    }

    private static void Measure(string name, CallerCpuDriver[] drivers, int rounds, int commands, Action<CallerCpuDriver, int> run, TextWriter output)
    {
        var times = drivers.Select(_ => new List<double>()).ToArray();
        var bytes = new long[drivers.Length];
        for (var r = 0; r < rounds; r++)
        {
            for (var k = 0; k < drivers.Length; k++)
            {
                // Alternate the order too, so that no build always runs right after another.
                var i = r % 2 == 0 ? k : drivers.Length - 1 - k;
                var allocated = GC.GetAllocatedBytesForCurrentThread();
                var start = ThreadCpuNanoseconds();
                run(drivers[i], commands);
                var elapsed = ThreadCpuNanoseconds() - start;
                bytes[i] = (GC.GetAllocatedBytesForCurrentThread() - allocated) / commands;
                if (r >= rounds / 5)
                    times[i].Add(elapsed / (double)commands);
            }
        }

        output.WriteLine();
        output.WriteLine($"{name}: {commands:N0} commands a round");
        output.WriteLine("| build | median | p25 | p75 | allocated | median of per-round ratios to the first |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        for (var i = 0; i < drivers.Length; i++)
        {
            var sorted = times[i].Order().ToArray();
            var ratios = times[i].Zip(times[0], static (a, b) => a / b).Order().ToArray();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {drivers[i].Name} | {At(sorted, 0.5):F1} ns | {At(sorted, 0.25):F1} ns | {At(sorted, 0.75):F1} ns | {bytes[i]} B | {At(ratios, 0.5):F3} ({At(ratios, 0.25):F3}–{At(ratios, 0.75):F3}) |"));
        }
    }

    private static double At(double[] sorted, double quantile) => sorted[(int)(quantile * (sorted.Length - 1))];

    private static Assembly LoadBuild(string build)
    {
        var path = build == Current ? typeof(XRay.Data.XRayRecorder).Assembly.Location : Path.GetFullPath(build);
        if (!File.Exists(path))
            throw new FileNotFoundException($"No XRay.Data build at '{path}'.", path);
        // Every build in a context of its own, the current one too, so that all are loaded alike; what XRay.Data
        // depends on comes from the default context.
        return new AssemblyLoadContext($"XRay.Data from {path}").LoadFromAssemblyPath(path);
    }

    // A struct timespec: seconds, then nanoseconds.
    [DllImport("libc", EntryPoint = "clock_gettime")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int ClockGetTime(int clock, [In, Out] long[] time);

    private static long ThreadCpuNanoseconds()
    {
        const int ThreadCpuTimeClock = 3;
        var time = new long[2];
        if (ClockGetTime(ThreadCpuTimeClock, time) != 0)
            throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed.");
        return (time[0] * 1_000_000_000) + time[1];
    }
}
