using XRay.Data;

namespace XRay.Data.Tests.Sql;

// Runs alone: these tests observe the process-wide cache, which other tests would otherwise churn.
[Collection(nameof(SqlSanitizerCacheCollection))]
public sealed class SqlSanitizerCacheTests
{
    [Fact]
    public void Same_instance_returns_the_same_result_instance()
    {
        var sql = Unique("select * from t where a = 'x' and b = ");
        var first = SqlSanitizer.Sanitize(sql);
        Assert.Same(first, SqlSanitizer.Sanitize(sql));
    }

    [Fact]
    public void Equal_content_in_another_instance_hits_the_cache()
    {
        var sql = Unique("select * from t where a = 'x' and b = ");
        var first = SqlSanitizer.Sanitize(sql);
        var copy = new string(sql.AsSpan());
        Assert.Same(first, SqlSanitizer.Sanitize(copy));
        Assert.Same(first, SqlSanitizer.Sanitize(copy));
    }

    [Fact]
    public void Cache_respects_the_dialect()
    {
        var sql = Unique("select \"name\" from t where id = ");
        Assert.Equal("select \"name\" from t where id = ?", SqlSanitizer.Sanitize(sql, SqlDialect.PostgreSql));
        Assert.Equal("select ? from t where id = ?", SqlSanitizer.Sanitize(sql, SqlDialect.MySql));
        Assert.Equal("select \"name\" from t where id = ?", SqlSanitizer.Sanitize(sql, SqlDialect.PostgreSql));
    }

    [Fact]
    public void Cache_respects_the_options()
    {
        var sql = Unique("select a /* tag */ from some_table where id = ");
        var keep = new SqlSanitizerOptions { KeepComments = true };
        var shortLimit = new SqlSanitizerOptions { MaxLength = 32 };

        Assert.Equal("select a from some_table where id = ?", SqlSanitizer.Sanitize(sql, SqlDialect.Generic));
        Assert.Equal("select a /* tag */ from some_table where id = ?", SqlSanitizer.Sanitize(sql, SqlDialect.Generic, keep));
        Assert.Equal("select a from som" + SqlSanitizer.TruncationMarker, SqlSanitizer.Sanitize(sql, SqlDialect.Generic, shortLimit));
        Assert.Equal("select a from some_table where id = ?", SqlSanitizer.Sanitize(sql, SqlDialect.Generic));
        Assert.Equal("select a /* tag */ from some_table where id = ?", SqlSanitizer.Sanitize(sql, SqlDialect.Generic, new SqlSanitizerOptions { KeepComments = true }));
    }

    [Fact]
    public void Cache_keeps_admitting_queries_after_it_fills()
    {
        for (var n = 0; n < 20_000; n++)
            SqlSanitizer.Sanitize(Unique("select * from filler where id = "));

        var sql = Unique("select * from t where late = 'x' and n = ");
        var first = SqlSanitizer.Sanitize(sql);
        Assert.Same(first, SqlSanitizer.Sanitize(sql));
        Assert.Same(first, SqlSanitizer.Sanitize(new string(sql.AsSpan())));
    }

    [Fact]
    public void Cache_hits_allocate_nothing()
    {
        var sql = Unique("select * from t where a = 'x' and b = ");
        var copy = new string(sql.AsSpan());
        SqlSanitizer.Sanitize(sql);
        SqlSanitizer.Sanitize(copy);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var n = 0; n < 1000; n++)
        {
            SqlSanitizer.Sanitize(sql);
            SqlSanitizer.Sanitize(copy);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Unchanged_query_is_not_copied_when_cached()
    {
        var sql = Unique("select a from t where b = @p");
        Assert.Same(sql, SqlSanitizer.Sanitize(sql));
        Assert.Same(sql, SqlSanitizer.Sanitize(sql));
    }

    [Fact]
    public void Huge_queries_bypass_the_cache_but_are_still_sanitized()
    {
        var sql = "select '" + new string('x', SqlSanitizer.MaxCachedLength) + "'";
        Assert.Equal("select ?", SqlSanitizer.Sanitize(sql));
        Assert.Equal("select ?", SqlSanitizer.Sanitize(sql));
    }

    [Fact]
    public void Concurrent_callers_always_get_the_right_result()
    {
        var dialects = new[] { SqlDialect.Generic, SqlDialect.PostgreSql, SqlDialect.SqlServer, SqlDialect.MySql };
        var queries = Enumerable.Range(0, 3000)
            .Select(n => $"select \"c{n % 7}\" from t where a = '{n}' and b = {n} -- {n}")
            .ToArray();
        var expected = dialects.ToDictionary(
            d => d,
            d => queries.Select(q => SqlSanitizer.SanitizeUncached(q, d, SqlSanitizerOptions.Default)).ToArray());

        Parallel.For(0, 200_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var dialect = dialects[i % dialects.Length];
            var n = (i * 7919) % queries.Length;
            var sql = i % 3 == 0 ? new string(queries[n].AsSpan()) : queries[n];
            Assert.Equal(expected[dialect][n], SqlSanitizer.Sanitize(sql, dialect));
        });
    }

    private static int counter;

    private static string Unique(string prefix) => prefix + Interlocked.Increment(ref counter);
}
