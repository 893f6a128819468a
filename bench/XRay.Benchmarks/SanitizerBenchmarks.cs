using BenchmarkDotNet.Attributes;
using XRay.Data;

namespace XRay.Benchmarks;

/// <summary>Throughput of <see cref="SqlSanitizer"/> on a mixed corpus, and the cost of its two cache levels.</summary>
[MemoryDiagnoser]
[MinColumn]
public class SanitizerBenchmarks
{
    private (SqlDialect Dialect, string Sql)[] corpus = [];
    private string repeated = "";
    private SqlDialect repeatedDialect;
    private SqlDialect copiesDialect;
    private string[] equalCopies = [];

    /// <summary>Characters in the whole corpus; divide by the mean of <see cref="Uncached_mixed_corpus"/> for chars/s.</summary>
    public static int CorpusChars => SanitizerCorpus.Queries.Sum(q => q.Sql.Length);

    [GlobalSetup]
    public void Setup()
    {
        corpus = [.. SanitizerCorpus.Queries];
        repeated = corpus[0].Sql;
        // The cached entry belongs to the original instance; the identity level remembers one other instance per
        // entry, so alternating between two further copies sends every call through the content-keyed level.
        repeatedDialect = corpus[0].Dialect;
        copiesDialect = corpus[1].Dialect;
        SqlSanitizer.Sanitize(repeated, repeatedDialect);
        SqlSanitizer.Sanitize(corpus[1].Sql, copiesDialect);
        equalCopies = [new string(corpus[1].Sql.AsSpan()), new string(corpus[1].Sql.AsSpan())];

        var resultBytes = corpus
            .Select(q => (q.Sql, Result: SqlSanitizer.SanitizeUncached(q.Sql, q.Dialect, SqlSanitizerOptions.Default)))
            .Where(r => !ReferenceEquals(r.Sql, r.Result))
            .Sum(r => (22 + (2 * r.Result.Length) + 7) / 8 * 8);
        Console.WriteLine($"// corpus: {corpus.Length} queries, {CorpusChars} chars, lengths {corpus.Min(q => q.Sql.Length)}..{corpus.Max(q => q.Sql.Length)}, result strings {resultBytes} B");
    }

    [Benchmark(Description = "Uncached, whole mixed corpus")]
    public int Uncached_mixed_corpus()
    {
        var total = 0;
        foreach (var (dialect, sql) in corpus)
            total += SqlSanitizer.SanitizeUncached(sql, dialect, SqlSanitizerOptions.Default).Length;
        return total;
    }

    [Benchmark(Description = "Cached, same instance")]
    public string Cached_same_instance() => SqlSanitizer.Sanitize(repeated, repeatedDialect);

    [Benchmark(Description = "Cached, equal content, other instance", OperationsPerInvoke = 2)]
    public string Cached_equal_content_other_instance()
    {
        SqlSanitizer.Sanitize(equalCopies[0], copiesDialect);
        return SqlSanitizer.Sanitize(equalCopies[1], copiesDialect);
    }
}
