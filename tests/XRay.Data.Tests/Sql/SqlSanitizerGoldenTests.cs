using XRay.Data;

namespace XRay.Data.Tests.Sql;

public sealed class SqlSanitizerGoldenTests
{
    public static IEnumerable<object[]> Cases() => SqlSanitizerGoldenCorpus.Cases();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Golden_case_sanitizes_to_the_expected_text(SqlDialect dialect, string input, string expected)
    {
        Assert.Equal(expected, SqlSanitizer.SanitizeUncached(input, dialect, SqlSanitizerOptions.Default));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Cached_path_agrees_with_the_uncached_one(SqlDialect dialect, string input, string expected)
    {
        Assert.Equal(expected, SqlSanitizer.Sanitize(input, dialect));
        Assert.Equal(expected, SqlSanitizer.Sanitize(new string(input.AsSpan()), dialect));
    }

    [Fact]
    public void Corpus_holds_at_least_two_hundred_distinct_inputs()
    {
        Assert.True(SqlSanitizerGoldenCorpus.DistinctInputs >= 200, $"only {SqlSanitizerGoldenCorpus.DistinctInputs}");
    }
}
