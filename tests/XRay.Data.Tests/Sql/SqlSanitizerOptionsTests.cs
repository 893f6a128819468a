using XRay.Data;

namespace XRay.Data.Tests.Sql;

public sealed class SqlSanitizerOptionsTests
{
    private static readonly SqlSanitizerOptions keep = new() { KeepComments = true };

    [Fact]
    public void Defaults_remove_comments_and_limit_to_sixteen_kilobytes()
    {
        Assert.False(SqlSanitizerOptions.Default.KeepComments);
        Assert.Equal(16 * 1024, SqlSanitizerOptions.Default.MaxLength);
        Assert.Equal(16 * 1024, new SqlSanitizerOptions().MaxLength);
    }

    [Theory]
    [InlineData(SqlDialect.Generic)]
    [InlineData(SqlDialect.PostgreSql)]
    [InlineData(SqlDialect.SqlServer)]
    [InlineData(SqlDialect.MySql)]
    [InlineData(SqlDialect.Sqlite)]
    public void Kept_comments_stay_verbatim_while_literals_are_replaced(SqlDialect dialect)
    {
        const string sql = "-- Tag: orders list\nselect a /* it's 'quoted' */ from t where b = 'x' -- done";
        Assert.Equal("-- Tag: orders list\nselect a /* it's 'quoted' */ from t where b = ? -- done", SqlSanitizer.Sanitize(sql, dialect, keep));
    }

    [Fact]
    public void Kept_nested_comment_stays_whole_in_postgresql()
    {
        const string sql = "select /* a /* b */ 'c' */ 1";
        Assert.Equal("select /* a /* b */ 'c' */ ?", SqlSanitizer.Sanitize(sql, SqlDialect.PostgreSql, keep));
    }

    [Theory]
    [InlineData(SqlDialect.MySql)]
    [InlineData(SqlDialect.Generic)]
    public void Executed_mysql_comments_are_sanitized_even_when_comments_are_kept(SqlDialect dialect)
    {
        const string sql = "select /*!50000 'secret', 42 */ a /*+ SET_VAR(x = 'secret') */ from t /* plain 'note' */";
        Assert.Equal("select /*!50000 ?, ? */ a /*+ SET_VAR(x = ?) */ from t /* plain 'note' */", SqlSanitizer.Sanitize(sql, dialect, keep));
    }

    [Fact]
    public void Generic_keeps_only_comments_that_every_engine_reads_as_comments()
    {
        // MySQL reads "--x" as two minus signs and '#' starts its comments; SQLite and MySQL end "--" only at '\n'.
        const string sql = "select 1 --x 'a'\n, 2 # 'b'\n, 3 -- c\r'd'\n";
        Assert.Equal("select ? --x ?\n, ? # ?\n, ? -- c\r?\n", SqlSanitizer.Sanitize(sql, SqlDialect.Generic, keep));
    }

    [Fact]
    public void Kept_mysql_hash_comment_stays_verbatim()
    {
        Assert.Equal("select ? # note\nfrom t", SqlSanitizer.Sanitize("select 1 # note\nfrom t", SqlDialect.MySql, keep));
    }

    [Fact]
    public void Removed_comments_do_not_glue_tokens_together()
    {
        Assert.Equal("select ?", SqlSanitizer.Sanitize("select/**/1"));
        Assert.Equal("select a from t", SqlSanitizer.Sanitize("select/* x */a/* y */from/**/t"));
    }

    [Fact]
    public void Removed_ef_tag_leaves_no_leading_blank_lines()
    {
        const string sql = "-- Orders for customer 42\n-- requested by bob@example.com\n\nSELECT o.\"Id\" FROM orders AS o";
        Assert.Equal("SELECT o.\"Id\" FROM orders AS o", SqlSanitizer.Sanitize(sql, SqlDialect.PostgreSql));
    }

    [Fact]
    public void Long_result_is_cut_to_max_length_with_the_marker()
    {
        var options = new SqlSanitizerOptions { MaxLength = 100 };
        var sql = "select " + string.Join(", ", Enumerable.Range(0, 200).Select(i => "col" + i)) + " from t";

        var result = SqlSanitizer.Sanitize(sql, SqlDialect.Generic, options);

        Assert.Equal(100, result.Length);
        Assert.Equal(sql[..(100 - SqlSanitizer.TruncationMarker.Length)] + SqlSanitizer.TruncationMarker, result);
    }

    [Fact]
    public void Length_limit_applies_after_sanitizing()
    {
        // 200 characters of literals shrink to well under the limit, so nothing is cut.
        var options = new SqlSanitizerOptions { MaxLength = 64 };
        var sql = "select '" + new string('x', 200) + "' from t";
        Assert.Equal("select ? from t", SqlSanitizer.Sanitize(sql, SqlDialect.Generic, options));
    }

    [Fact]
    public void Truncation_never_splits_a_surrogate_pair()
    {
        var options = new SqlSanitizerOptions { MaxLength = 40 };
        var cut = 40 - SqlSanitizer.TruncationMarker.Length;
        var sql = new string('a', cut - 1) + "😀" + new string('b', 100);

        var result = SqlSanitizer.Sanitize(sql, SqlDialect.Generic, options);

        Assert.Equal(new string('a', cut - 1) + SqlSanitizer.TruncationMarker, result);
    }

    [Fact]
    public void Max_length_below_the_minimum_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SqlSanitizerOptions { MaxLength = SqlSanitizerOptions.MinMaxLength - 1 });
        Assert.Equal(SqlSanitizerOptions.MinMaxLength, new SqlSanitizerOptions { MaxLength = SqlSanitizerOptions.MinMaxLength }.MaxLength);
    }

    [Fact]
    public void Null_query_or_options_throw_argument_null()
    {
        Assert.Throws<ArgumentNullException>(() => SqlSanitizer.Sanitize(null!));
        Assert.Throws<ArgumentNullException>(() => SqlSanitizer.Sanitize("select 1", SqlDialect.Generic, null!));
        Assert.Throws<ArgumentNullException>(() => SqlSanitizer.SanitizeUncached(null!, SqlDialect.Generic, SqlSanitizerOptions.Default));
    }

    [Fact]
    public void Query_without_literals_comes_back_as_the_same_instance()
    {
        const string sql = "SELECT \"u\".\"Id\" FROM \"Users\" AS \"u\" WHERE \"u\".\"Name\" = @__name_0";
        Assert.Same(sql, SqlSanitizer.SanitizeUncached(sql, SqlDialect.PostgreSql, SqlSanitizerOptions.Default));
        Assert.Same(sql, SqlSanitizer.Sanitize(sql, SqlDialect.PostgreSql));
    }

    [Fact]
    public void Undefined_dialect_is_treated_as_generic()
    {
        const string sql = "select 'a\\' and b = 'secret'";
        Assert.Equal("select ?", SqlSanitizer.Sanitize(sql, (SqlDialect)42));
    }
}
