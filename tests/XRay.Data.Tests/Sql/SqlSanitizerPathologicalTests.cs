using System.Text;
using XRay.Data;

namespace XRay.Data.Tests.Sql;

public sealed class SqlSanitizerPathologicalTests
{
    private const int oneMegabyte = 1024 * 1024;

    public static TheoryData<SqlDialect> Dialects() =>
        [SqlDialect.Generic, SqlDialect.PostgreSql, SqlDialect.SqlServer, SqlDialect.MySql, SqlDialect.Sqlite];

    public static TheoryData<SqlDialect, string> Unterminated() => new()
    {
        { SqlDialect.Generic, "select a from t where b = 'secret" },
        { SqlDialect.Generic, "select a from t where b = N'secret" },
        { SqlDialect.Generic, "select a from t where b = E'secret\\'" },
        { SqlDialect.Generic, "select a from t where b = $$secret" },
        { SqlDialect.Generic, "select a from t where b = $q$secret$$" },
        { SqlDialect.Generic, "select a from t where b = \"secret" },
        { SqlDialect.Generic, "select a from t where b = `secret" },
        { SqlDialect.Generic, "select a from t where b = [secret" },
        { SqlDialect.Generic, "select a from t where b = /* secret" },
        { SqlDialect.Generic, "select a from t where b = /* /* */ secret" },
        { SqlDialect.PostgreSql, "select a from t where b = 'secret" },
        { SqlDialect.PostgreSql, "select a from t where b = E'secret\\'" },
        { SqlDialect.PostgreSql, "select a from t where b = U&'secret" },
        { SqlDialect.PostgreSql, "select a from t where b = $tag$secret$ta" },
        { SqlDialect.PostgreSql, "select a from t where b = \"secret" },
        { SqlDialect.PostgreSql, "select a from t where b = /* /* */ secret" },
        { SqlDialect.SqlServer, "select a from t where b = N'secret''" },
        { SqlDialect.SqlServer, "select a from t where b = [secret]]" },
        { SqlDialect.SqlServer, "select a from t where b = /* secret" },
        { SqlDialect.MySql, "select a from t where b = 'secret\\'" },
        { SqlDialect.MySql, "select a from t where b = \"secret" },
        { SqlDialect.MySql, "select a from t where b = `secret" },
        { SqlDialect.MySql, "select a from t where b = /* secret" },
        { SqlDialect.MySql, "select a from t where b = $q$secret$$" },
        { SqlDialect.MySql, "select a from t where b = /*! 'secret' " },
        { SqlDialect.Sqlite, "select a from t where b = 'secret" },
        { SqlDialect.Sqlite, "select a from t where b = \"secret" },
        { SqlDialect.Sqlite, "select a from t where b = [secret" },
        { SqlDialect.Sqlite, "select a from t where b = `secret" },
        { SqlDialect.Sqlite, "select a from t where b = /* secret" },
    };

    [Theory]
    [MemberData(nameof(Unterminated))]
    public void Unterminated_token_hides_everything_from_its_start(SqlDialect dialect, string sql)
    {
        Assert.Equal("select a from t where b = ?", SqlSanitizer.SanitizeUncached(sql, dialect, SqlSanitizerOptions.Default));
    }

    [Theory]
    [MemberData(nameof(Unterminated))]
    public void Unterminated_token_is_hidden_even_when_comments_are_kept(SqlDialect dialect, string sql)
    {
        var options = new SqlSanitizerOptions { KeepComments = true };
        Assert.Equal("select a from t where b = ?", SqlSanitizer.SanitizeUncached(sql, dialect, options));
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void A_megabyte_of_number_literals_is_sanitized_and_truncated(SqlDialect dialect)
    {
        var sql = new StringBuilder("select ");
        for (var n = 0; sql.Length < oneMegabyte; n++)
            sql.Append(n).Append(", ");
        sql.Append("0 from t");

        var result = SqlSanitizer.SanitizeUncached(sql.ToString(), dialect, SqlSanitizerOptions.Default);

        Assert.Equal(SqlSanitizerOptions.Default.MaxLength, result.Length);
        Assert.StartsWith("select ?, ?, ?, ", result, StringComparison.Ordinal);
        Assert.EndsWith(SqlSanitizer.TruncationMarker, result, StringComparison.Ordinal);
        Assert.DoesNotContain(result[..^SqlSanitizer.TruncationMarker.Length], char.IsAsciiDigit);
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void A_megabyte_of_values_rows_collapses_to_one_row(SqlDialect dialect)
    {
        var sql = new StringBuilder("insert into t (a, b, c) values ");
        for (var n = 0; sql.Length < oneMegabyte; n++)
            sql.Append("(").Append(n).Append(", 'name ").Append(n).Append("', -1.5e3), ");
        sql.Append("(0, 'last', 0)");

        Assert.Equal("insert into t (a, b, c) values (?, ?, ?)", SqlSanitizer.SanitizeUncached(sql.ToString(), dialect, SqlSanitizerOptions.Default));
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void A_megabyte_in_list_collapses(SqlDialect dialect)
    {
        var sql = new StringBuilder("select * from t where id in (");
        for (var n = 0; sql.Length < oneMegabyte; n++)
            sql.Append(n).Append(',');
        sql.Append("0)");

        Assert.Equal("select * from t where id in (?)", SqlSanitizer.SanitizeUncached(sql.ToString(), dialect, SqlSanitizerOptions.Default));
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void A_megabyte_string_literal_becomes_one_placeholder(SqlDialect dialect)
    {
        var sql = "select '" + new string('x', oneMegabyte) + "' as big";
        Assert.Equal("select ? as big", SqlSanitizer.SanitizeUncached(sql, dialect, SqlSanitizerOptions.Default));
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Repeated_comment_openers_end_in_a_single_placeholder(SqlDialect dialect)
    {
        var sql = "select 1 " + string.Concat(Enumerable.Repeat("/* ", oneMegabyte / 3));
        Assert.Equal("select ? ?", SqlSanitizer.SanitizeUncached(sql, dialect, SqlSanitizerOptions.Default));
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Repeated_comment_openers_and_slashes_stay_linear_and_hidden(SqlDialect dialect)
    {
        var sql = "select 1 /" + string.Concat(Enumerable.Repeat("*/*", oneMegabyte / 3)) + " 'x'";
        var result = SqlSanitizer.SanitizeUncached(sql, dialect, SqlSanitizerOptions.Default);
        Assert.DoesNotContain("x", result, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Repeated_line_comment_markers_are_removed(SqlDialect dialect)
    {
        var sql = "select 1 " + string.Concat(Enumerable.Repeat("-- ", oneMegabyte / 3)) + "\nfrom t";
        Assert.Equal("select ?\nfrom t", SqlSanitizer.SanitizeUncached(sql, dialect, SqlSanitizerOptions.Default));
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void A_megabyte_of_quotes_never_leaks(SqlDialect dialect)
    {
        foreach (var unit in new[] { "'", "\"", "`", "[", "$", "$$", "\\'", "'\\", "N'", "E'", "/*'", "--'\n" })
        {
            var sql = "select " + string.Concat(Enumerable.Repeat(unit, oneMegabyte / unit.Length)) + "42";
            var result = SqlSanitizer.SanitizeUncached(sql, dialect, SqlSanitizerOptions.Default);
            Assert.DoesNotContain("42", result, StringComparison.Ordinal);
            Assert.True(result.Length <= SqlSanitizerOptions.Default.MaxLength);
        }
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Deeply_nested_parentheses_around_a_literal(SqlDialect dialect)
    {
        var depth = oneMegabyte / 8;
        var sql = "select " + new string('(', depth) + "'x'" + new string(')', depth) + " in (1, 2)";
        var result = SqlSanitizer.SanitizeUncached(sql, dialect, SqlSanitizerOptions.Default);
        Assert.DoesNotContain("x", result, StringComparison.Ordinal);
        Assert.EndsWith(SqlSanitizer.TruncationMarker, result, StringComparison.Ordinal);
    }

    [Fact]
    public void Lone_surrogates_and_control_characters_pass_through()
    {
        var sql = "select \uD800a, \u0000, \uDFFF from t where b = '\uD800'";
        Assert.Equal("select \uD800a, \u0000, \uDFFF from t where b = ?", SqlSanitizer.Sanitize(sql));
    }
}
