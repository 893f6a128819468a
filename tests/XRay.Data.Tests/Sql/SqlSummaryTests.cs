using XRay.Data;

namespace XRay.Data.Tests.Sql;

/// <summary>
/// The query summary (OpenTelemetry's <c>db.query.summary</c>): operations and their targets in order, keywords in
/// one case, never a literal, made in the sanitizing pass without changing its text.
/// </summary>
public sealed class SqlSummaryTests
{
    private const SqlDialect g = SqlDialect.Generic;
    private const SqlDialect pg = SqlDialect.PostgreSql;
    private const SqlDialect ms = SqlDialect.SqlServer;
    private const SqlDialect my = SqlDialect.MySql;
    private const SqlDialect sl = SqlDialect.Sqlite;
    private static readonly SqlSanitizerOptions keepComments = new() { KeepComments = true };

    public static TheoryData<SqlDialect> Dialects() => [g, pg, ms, my, sl];

    public static TheoryData<SqlDialect, string, string?> Summaries() => new()
    {
        { g, "SELECT * FROM users WHERE id = 1", "SELECT users" },
        { pg, "select a from orders o join customers c on o.c = c.id where x = 'secret'", "SELECT orders customers" },
        { pg, "INSERT INTO shipping_details (a, b) SELECT a, b FROM orders", "INSERT shipping_details SELECT orders" },
        { pg, "insert into \"users\" (\"name\") values ($1) returning \"id\"", "INSERT \"users\"" },
        { pg, "UPDATE users SET name = 'x' WHERE id = 2", "UPDATE users" },
        { pg, "DELETE FROM users WHERE id = 3", "DELETE users" },
        { pg, "SELECT * FROM public.users", "SELECT public.users" },
        { pg, "SELECT * FROM \"My Table\"", "SELECT \"My Table\"" },
        { pg, "WITH recent AS (SELECT * FROM orders) SELECT * FROM recent JOIN customers ON true", "SELECT orders SELECT recent customers" },
        { pg, "SELECT * FROM (SELECT * FROM inner_t) s", "SELECT SELECT inner_t" },
        { pg, "SELECT * FROM t WHERE id IN (SELECT id FROM u)", "SELECT t SELECT u" },
        { pg, "SELECT a FROM t1 UNION ALL SELECT b FROM t2", "SELECT t1 SELECT t2" },
        { pg, "SELECT * FROM generate_series(1, 10)", "SELECT" },
        { pg, "SELECT 1", "SELECT" },
        { ms, "MERGE INTO target t USING source s ON t.id = s.id WHEN MATCHED THEN UPDATE SET a = 1;", "MERGE target source" },
        { ms, "EXEC dbo.some_procedure @a = 1", "EXEC dbo.some_procedure" },
        { ms, "SELECT * FROM [Order Details] WHERE [OrderID] = 10248", "SELECT [Order Details]" },
        { my, "CALL my_proc(1, 'x')", "CALL my_proc" },
        { my, "SELECT * FROM `orders` WHERE note = \"a secret\"", "SELECT `orders`" },
        { sl, "INSERT OR REPLACE INTO kv (k, v) VALUES ('a', 'b')", "INSERT kv" },
        { pg, "CREATE TABLE foo (id int)", "CREATE TABLE foo" },
        { pg, "CREATE UNIQUE INDEX IF NOT EXISTS ix_foo ON foo (id)", "CREATE INDEX ix_foo" },
        { pg, "DROP INDEX ix_foo", "DROP INDEX ix_foo" },
        { pg, "TRUNCATE orders", "TRUNCATE orders" },
        { pg, "CREATE USER bob WITH PASSWORD 'x'", "CREATE USER" },
        { pg, "ALTER ROLE alice WITH PASSWORD 'x'", "ALTER ROLE" },
        { pg, "DROP ROLE IF EXISTS alice", "DROP ROLE" },
        { ms, "CREATE LOGIN carol WITH PASSWORD = 'x'", "CREATE LOGIN" },
        { pg, "DELETE FROM a USING b WHERE a.id = b.id", "DELETE a b" },
        { pg, "UPDATE a SET x = (SELECT y FROM b)", "UPDATE a SELECT b" },
        { ms, "SELECT * INTO archive FROM orders", "SELECT archive orders" },
        { pg, "explain analyze select * from t", "EXPLAIN SELECT t" },
        { pg, "SELECT 1; SELECT 1", "SELECT" },
        { pg, "INSERT INTO t VALUES (1); INSERT INTO t VALUES (2)", "INSERT t" },
        { pg, "UPDATE t SET a = 1; DELETE FROM u", "UPDATE t DELETE u" },
        { pg, "SET search_path = x", null },
        { pg, "", null },
        { pg, "select * from $$ unterminated", null },
        { my, "SELECT * FROM t WHERE a = 'never closed", null },
    };

    [Theory]
    [MemberData(nameof(Summaries))]
    public void Summary_names_operations_and_targets_in_order(SqlDialect dialect, string sql, string? expected)
    {
        Assert.Equal(expected, SqlSanitizer.SanitizeWithSummary(sql, dialect).Summary);
        Assert.Equal(expected, SqlSanitizer.Summarize(new string(sql.AsSpan()), dialect));
    }

    [Fact]
    public void Keyword_case_does_not_change_the_summary()
    {
        Assert.Equal(
            SqlSanitizer.Summarize("SELECT a FROM orders", pg),
            SqlSanitizer.Summarize("select a from orders", pg));
    }

    [Fact]
    public void One_operation_on_one_table_is_reported_on_its_own()
    {
        var details = SqlSanitizer.SanitizeWithSummary("update orders set a = 1 where id = 2", pg).Details;

        Assert.Equal("UPDATE", details.Operation);
        Assert.Equal("orders", details.Collection);
        Assert.Null(details.StoredProcedure);
        Assert.True(details.Uniform);
    }

    [Fact]
    public void A_procedure_call_reports_the_procedure_not_a_collection()
    {
        var details = SqlSanitizer.SanitizeWithSummary("EXEC dbo.GetOrders @id = 5", ms).Details;

        Assert.Equal("EXEC", details.Operation);
        Assert.Equal("dbo.GetOrders", details.StoredProcedure);
        Assert.Null(details.Collection);
    }

    [Fact]
    public void Several_targets_leave_the_collection_unset()
    {
        var details = SqlSanitizer.SanitizeWithSummary("select * from a join b on a.id = b.id", pg).Details;

        Assert.Equal("SELECT a b", details.Text);
        Assert.Equal("SELECT", details.Operation);
        Assert.Null(details.Collection);
    }

    [Fact]
    public void A_long_summary_stays_within_the_limit_and_cuts_only_between_parts()
    {
        var tables = Enumerable.Range(0, 200).Select(n => $"table_number_{n}").ToArray();
        var sql = "SELECT * FROM " + string.Join(", ", tables);

        var summary = SqlSanitizer.Summarize(sql, pg);

        Assert.NotNull(summary);
        Assert.InRange(summary.Length, 100, SqlSanitizer.MaxSummaryLength);
        var parts = summary.Split(' ');
        Assert.Equal("SELECT", parts[0]);
        Assert.All(parts.Skip(1), part => Assert.Contains(part, tables));
    }

    [Theory]
    [MemberData(nameof(SqlSanitizerGoldenCorpus.Cases), MemberType = typeof(SqlSanitizerGoldenCorpus))]
    public void Summarizing_leaves_the_golden_text_unchanged_and_takes_only_words_it_keeps(SqlDialect dialect, string input, string expected)
    {
        var query = SqlSanitizer.SanitizeUncachedWithSummary(input, dialect, SqlSanitizerOptions.Default);

        Assert.Equal(expected, query.Text);
        AssertTakenFromText(query, input);
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void No_part_of_a_planted_literal_reaches_the_summary(SqlDialect dialect)
    {
        var generator = new SqlMarkerQueryGenerator(seed: 1414 + (int)dialect, dialect);
        var summarized = 0;
        for (var n = 0; n < 2000; n++)
        {
            var sql = generator.Next();
            foreach (var options in new[] { SqlSanitizerOptions.Default, keepComments })
            {
                var query = SqlSanitizer.SanitizeUncachedWithSummary(sql, dialect, options);
                Assert.Equal(SqlSanitizer.SanitizeUncached(sql, dialect, options), query.Text);
                if (query.Summary is not { } summary)
                    continue;
                summarized++;
                foreach (var (marker, window) in generator.Markers)
                {
                    for (var k = 0; k + window <= marker.Length; k++)
                        Assert.False(summary.Contains(marker.Substring(k, window), StringComparison.Ordinal), $"'{marker}' reached the summary of query #{n}: {summary}");
                }

                AssertTakenFromText(query, sql);
            }
        }

        Assert.True(summarized > 1000, $"only {summarized} queries summarized");
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Generated_queries_summarize_from_the_words_they_keep(SqlDialect dialect)
    {
        var generator = new SqlQueryGenerator(seed: 99 + (int)dialect, dialect);
        for (var n = 0; n < 2000; n++)
        {
            var (input, expected) = generator.Next();
            var query = SqlSanitizer.SanitizeUncachedWithSummary(input, dialect, SqlSanitizerOptions.Default);
            Assert.Equal(expected, query.Text);
            AssertTakenFromText(query, input);
            if (query.Summary is { } summary)
            {
                // Short secrets such as "s" occur in names by chance; longer ones cannot.
                foreach (var secret in generator.Secrets.Where(s => s.Length >= 6))
                    Assert.DoesNotContain(secret, summary, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void The_cached_summary_agrees_with_a_fresh_pass_after_plain_sanitizing()
    {
        var sql = "select * from cache_probe_" + Guid.NewGuid().ToString("N") + " where id = 7";

        var plain = SqlSanitizer.Sanitize(sql, pg);
        var first = SqlSanitizer.SanitizeWithSummary(sql, pg);
        var again = SqlSanitizer.SanitizeWithSummary(sql, pg);

        Assert.Equal(plain, first.Text);
        Assert.Equal(SqlSanitizer.SanitizeUncachedWithSummary(sql, pg, SqlSanitizerOptions.Default), first);
        Assert.Equal(first, again);
        Assert.StartsWith("SELECT cache_probe_", first.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_text_is_refused()
    {
        Assert.Throws<ArgumentNullException>(() => SqlSanitizer.Summarize(null!, pg));
        Assert.Throws<ArgumentNullException>(() => SqlSanitizer.SanitizeWithSummary(null!, pg));
    }

    /// <summary>Every part of the summary is a word the sanitized text keeps: an operation keyword or a name it shows.</summary>
    private static void AssertTakenFromText(SanitizedQuery query, string input)
    {
        if (query.Summary is not { } summary)
            return;
        Assert.InRange(summary.Length, 1, SqlSanitizer.MaxSummaryLength);
        foreach (var part in summary.Split(' '))
        {
            if (part.Length == 0)
                continue;
            Assert.True(
                query.Text.Contains(part, StringComparison.OrdinalIgnoreCase),
                $"'{part}' of summary '{summary}' is not in the sanitized text '{query.Text}' (input '{input}')");
        }
    }
}
