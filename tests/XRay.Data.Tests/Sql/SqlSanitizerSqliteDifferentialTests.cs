using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using XRay.Data;

namespace XRay.Data.Tests.Sql;

/// <summary>
/// Runs generated queries on in-process SQLite with double-quoted strings turned on, as SQLite's default build,
/// Debian's libsqlite3 and System.Data.SQLite have them: each planted marker comes back as a value, which proves
/// SQLite read it as a literal, and then no part of it may survive <see cref="SqlSanitizer"/>, in the SQLite dialect
/// or in Generic.
/// </summary>
public sealed class SqlSanitizerSqliteDifferentialTests
{
    private const int queries = 400;
    private const int dqsDml = 1013;

    private static readonly Func<string, string, string>[] shapes =
    [
        (m, _) => $"'it''s {m}'",
        (m, _) => $"\"{m}\"",
        (m, _) => $"'p' || \"it\"\"s {m}\"",
        (m, _) => $"'p'||\"{m}\"",
        (m, _) => $"(\"{m}\")",
        (m, _) => $"trim(\"{m}\", ' ')",
        (m, _) => $"coalesce(null, \"{m}\")",
        (m, _) => $"'{{\"k\":\"{m}\"}}' ->>'k'",
        (m, _) => $"'p' -- it\r's\n|| '{m}'",
        (m, _) => $"'p' /* it's */ || '{m}'",
        (m, _) => $"'p' -- \"q\" `\n|| '{m}'",
        (_, d) => $"hex(X'{d}')",
        (_, d) => $"X'{d}'",
        (_, d) => $"{d}",
        (_, d) => $".{d}",
        (_, d) => $"{d}e0",
        (_, d) => $"{d[..4]}_{d[4..]}",
        (_, d) => $"-{d}",
        (_, d) => $"({d})",
    ];

    [Fact]
    public void Every_literal_sqlite_returns_is_hidden()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        var rc = SQLitePCL.raw.sqlite3_db_config(connection.Handle, dqsDml, 1, out var enabled);
        Assert.True(rc == 0 && enabled == 1, $"could not turn double-quoted strings on (rc {rc}, value {enabled})");

        var random = new Random(20_260_530);
        var markers = new List<(string Marker, int Window)>();
        for (var n = 0; n < queries; n++)
        {
            markers.Clear();
            var sql = new StringBuilder("select ");
            var columns = random.Next(1, 5);
            for (var c = 0; c < columns; c++)
            {
                var marker = "Q" + string.Concat(Enumerable.Range(0, 8).Select(_ => "bcdfghjkmnpqrstvwxz"[random.Next(19)]));
                // Ends in 7: a decimal fraction comes back without trailing zeros.
                var digits = "7" + random.Next(100_000_000, 1_000_000_000).ToString(CultureInfo.InvariantCulture)[..^1] + "7";
                var text = shapes[random.Next(shapes.Length)](marker, digits);
                markers.Add(text.Contains(marker, StringComparison.Ordinal) ? (marker, 5) : (digits, 5));
                sql.Append(c == 0 ? string.Empty : ", ").Append(text);
            }

            var query = sql.ToString();
            var values = Values(connection, query);
            foreach (var (marker, _) in markers)
                Assert.True(values.Contains(marker, StringComparison.Ordinal), $"SQLite did not return {marker} for:\n{query}\n=> {values}");

            foreach (var dialect in new[] { SqlDialect.Sqlite, SqlDialect.Generic })
            {
                SqlSanitizerMarkerTests.AssertHidden(query, dialect, SqlSanitizerOptions.Default, markers, n);
                SqlSanitizerMarkerTests.AssertHidden(query, dialect, new SqlSanitizerOptions { KeepComments = true }, markers, n);
            }
        }
    }

    [Fact]
    public void Bundled_sqlite_reads_double_quotes_as_names_but_the_dialect_does_not_rely_on_it()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "select \"Qmarker\"";

        // Microsoft.Data.Sqlite's own build has double-quoted strings off...
        Assert.Throws<SqliteException>(() => command.ExecuteScalar());

        // ...but the same provider over another build (or with the option set) returns the value, so it is hidden.
        SQLitePCL.raw.sqlite3_db_config(connection.Handle, dqsDml, 1, out _);
        Assert.Equal("Qmarker", command.ExecuteScalar());
        Assert.Equal("select ?", SqlSanitizer.Sanitize(command.CommandText, SqlDialect.Sqlite));
    }

    [Fact]
    public void Ef_core_statements_keep_their_names()
    {
        const string insert = "INSERT INTO \"Blogs\" (\"Name\", \"Url\")\nVALUES (@p0, @p1)\nRETURNING \"Id\";";
        const string select = "SELECT \"b\".\"Id\", \"b\".\"Name\" FROM \"Blogs\" AS \"b\" WHERE \"b\".\"Name\" = @__name_0 LIMIT @__p_1";
        const string update = "UPDATE \"Blogs\" SET \"Name\" = @p0, \"Url\" = @p1\nWHERE \"Id\" = @p2\nRETURNING 1;";

        Assert.Equal("INSERT INTO \"Blogs\" (\"Name\", \"Url\")\nVALUES (@p0, @p1)\nRETURNING ?;", SqlSanitizer.Sanitize(insert, SqlDialect.Sqlite));
        Assert.Same(select, SqlSanitizer.Sanitize(select, SqlDialect.Sqlite));
        Assert.Equal("UPDATE \"Blogs\" SET \"Name\" = @p0, \"Url\" = @p1\nWHERE ? = @p2\nRETURNING ?;", SqlSanitizer.Sanitize(update, SqlDialect.Sqlite));
    }

    private static string Values(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new StringBuilder();
        while (reader.Read())
        {
            for (var k = 0; k < reader.FieldCount; k++)
            {
                var value = reader.GetValue(k);
                values.Append(value is byte[] bytes ? Convert.ToHexString(bytes) : Convert.ToString(value, CultureInfo.InvariantCulture)).Append(" | ");
            }
        }

        return values.ToString();
    }
}
