using BenchmarkDotNet.Attributes;
using XRay.Data;

namespace XRay.Benchmarks;

/// <summary>The query summary's cost: sanitizing the mixed corpus with the summary in the same pass, and alone.</summary>
[MemoryDiagnoser]
public class SummaryBenchmarks
{
    private (SqlDialect Dialect, string Sql)[] corpus = [];

    [GlobalSetup]
    public void Setup() => corpus = [.. SanitizerCorpus.Queries];

    [Benchmark(Baseline = true, Description = "Sanitizing alone, uncached")]
    public int Sanitizing_alone()
    {
        var total = 0;
        foreach (var (dialect, sql) in corpus)
            total += SqlSanitizer.SanitizeUncached(sql, dialect, SqlSanitizerOptions.Default).Length;
        return total;
    }

    [Benchmark(Description = "Sanitizing and summarizing, uncached")]
    public int Sanitizing_and_summarizing()
    {
        var total = 0;
        foreach (var (dialect, sql) in corpus)
        {
            var query = SqlSanitizer.SanitizeUncachedWithSummary(sql, dialect, SqlSanitizerOptions.Default);
            total += query.Text.Length + (query.Summary?.Length ?? 0);
        }

        return total;
    }
}
