using System.Globalization;
using BenchmarkDotNet.Running;
using XRay.Benchmarks;

if (args is ["--streaming-interleaved", ..])
{
    StreamingCostBenchmarks.RunInterleaved(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 41, Console.Out);
    return;
}

if (args is ["--caller-cpu", .. var builds])
{
    CallerCpuComparison.Run(builds, rounds: 200, Console.Out);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
