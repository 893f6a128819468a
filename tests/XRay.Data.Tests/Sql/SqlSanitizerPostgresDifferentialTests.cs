using System.Globalization;
using System.Text;
using Npgsql;
using XRay.Data;
using XRay.Testing;

namespace XRay.Data.Tests.Sql;

/// <summary>
/// Runs generated queries on the real PostgreSQL server: each planted marker comes back as a value, which proves the
/// server read it as a literal, and then no part of it may survive <see cref="SqlSanitizer"/>, in the PostgreSQL
/// dialect or in Generic.
/// </summary>
public sealed class SqlSanitizerPostgresDifferentialTests
{
    private const int queries = 300;

    // Tags of every class scan.l accepts in a dollar quote.
    private static readonly string[] tags = ["", "t", "_", "x9", "é", "€", "😀", "a\u0301", "\u00A0", "Ω1", "日本", "_9z"];

    // Operators made of operator characters only, defined for text by the test: each returns its right operand.
    private static readonly string[] binaryOperators = ["#", "@", "?", "`", "#@", "@#", "~@", "!#", "&@"];
    private static readonly string[] prefixOperators = ["@@", "@", "#"];

    private static readonly Func<string, string, string>[] shapes =
    [
        (m, _) => $"$T$ it's {m} \"q\" $ $T$",
        (m, _) => $"E'it\\'s {m}\\\\'",
        (m, _) => $"e'{m}\\n'",
        (m, _) => $"U&'{m}\\0041'",
        (m, _) => $"N'{m}'::text",
        (m, _) => $"'it''s {m}'",
        (m, _) => $"'p' OP$T${m}$T$",
        (m, _) => $"'p' OPE'{m}'",
        (m, _) => $"'p' OP'{m}'",
        (m, _) => $"PREFIX$T${m}$T$",
        (m, _) => $"PREFIXE'{m}'",
        (m, _) => $"'{{\"k\":\"{m}\"}}'::jsonb #>>$${{k}}$$",
        (m, _) => $"'p' -- it's\r|| '{m}'\n",
        (m, _) => $"/* a /* it's */ \"q\" $$ */ '{m}'",
        (m, _) => $"('{m}')",
        (_, d) => $"{d}::text",
        (_, d) => $"(.{d})::text",
        (_, d) => $"({d}e0)::text",
        (_, d) => $"({d}.25)::text",
        (_, d) => $"(-{d})::text",
        (_, d) => $"(5 #$${d}$$::bigint # 5)::text",
    ];

    [Fact]
    public async Task Every_literal_the_server_returns_is_hidden()
    {
        await using var connection = new NpgsqlConnection(TestPostgres.ConnectionString);
        await connection.OpenAsync();
        var schema = "lexer_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync(connection, Setup(schema));
        try
        {
            var random = new Random(20_260_529);
            var markers = new List<(string Marker, int Window)>();
            for (var n = 0; n < queries; n++)
            {
                markers.Clear();
                var sql = new StringBuilder("select ");
                var columns = random.Next(1, 5);
                for (var c = 0; c < columns; c++)
                    sql.Append(c == 0 ? string.Empty : ", ").Append(Expression(random, markers));
                var query = sql.ToString();

                var values = await ValuesAsync(connection, query);
                foreach (var (marker, _) in markers)
                    Assert.True(values.Contains(marker, StringComparison.Ordinal), $"the server did not return {marker} for:\n{query}\n=> {values}");

                foreach (var dialect in new[] { SqlDialect.PostgreSql, SqlDialect.Generic })
                {
                    SqlSanitizerMarkerTests.AssertHidden(query, dialect, SqlSanitizerOptions.Default, markers, n);
                    SqlSanitizerMarkerTests.AssertHidden(query, dialect, new SqlSanitizerOptions { KeepComments = true }, markers, n);
                }
            }
        }
        finally
        {
            await ExecuteAsync(connection, $"drop schema {schema} cascade");
        }
    }

    [Theory]
    [InlineData("select 5 #$$7350981$$::int", "7350981")]
    [InlineData("select array['a'] <@$${7350981}$$::text[]", "7350981")]
    [InlineData("select 1 where 'a' = any($€${7350981,a}$€$::text[])", "7350981")]
    [InlineData("select @@E'7350981'", "7350981")]
    [InlineData("select 'a' #@$ä$7350981$ä$", "7350981")]
    public void Shapes_from_the_issue_hide_their_literal(string sql, string literal)
    {
        Assert.DoesNotContain(literal, SqlSanitizer.Sanitize(sql, SqlDialect.PostgreSql), StringComparison.Ordinal);
        Assert.DoesNotContain(literal, SqlSanitizer.Sanitize(sql, SqlDialect.Generic), StringComparison.Ordinal);
    }

    private static string Expression(Random random, List<(string Marker, int Window)> markers)
    {
        var marker = "Q" + string.Concat(Enumerable.Range(0, 8).Select(_ => "bcdfghjkmnpqrstvwxz"[random.Next(19)]));
        // Ends in 7: a decimal fraction comes back without trailing zeros.
        var digits = "7" + random.Next(10_000_000, 100_000_000).ToString(CultureInfo.InvariantCulture)[..^1] + "7";
        var shape = random.Next(shapes.Length);
        var text = shapes[shape](marker, digits);
        markers.Add(text.Contains(marker, StringComparison.Ordinal) ? (marker, 5) : (digits, 5));
        if (shape == shapes.Length - 1)
        {
            // 5 # d # 5 is d again: the digits come back through the operators glued to the dollar quote.
            return text;
        }

        var tag = tags[random.Next(tags.Length)];
        return text
            .Replace("$T$", "$" + tag + "$", StringComparison.Ordinal)
            .Replace("OP", binaryOperators[random.Next(binaryOperators.Length)], StringComparison.Ordinal)
            .Replace("PREFIX", prefixOperators[random.Next(prefixOperators.Length)], StringComparison.Ordinal);
    }

    private static string Setup(string schema)
    {
        var sql = new StringBuilder($"create schema {schema}; set search_path = {schema}, public;");
        sql.Append(" create function pick(text, text) returns text language sql immutable as 'select $2';");
        sql.Append(" create function same(text) returns text language sql immutable as 'select $1';");
        foreach (var op in binaryOperators)
            sql.Append($" create operator {op} (leftarg = text, rightarg = text, function = pick);");
        foreach (var op in prefixOperators)
            sql.Append($" create operator {op} (rightarg = text, function = same);");
        return sql.ToString();
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> ValuesAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new StringBuilder();
        while (await reader.ReadAsync())
        {
            for (var k = 0; k < reader.FieldCount; k++)
                values.Append(Convert.ToString(reader.GetValue(k), CultureInfo.InvariantCulture)).Append(" | ");
        }

        return values.ToString();
    }
}
