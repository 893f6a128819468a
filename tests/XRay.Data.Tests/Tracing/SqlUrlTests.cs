using XRay.Testing;

namespace XRay.Data.Tests.Tracing;

public sealed class SqlUrlTests
{
    [Theory]
    [InlineData("postgresql://u@h:5432")]
    [InlineData("postgresql://h:5432/")]
    [InlineData("postgresql://h:5432?dbname=x")]
    [InlineData("postgresql://h:5432/?dbname=x")]
    [InlineData("h:5432/db")]
    [InlineData("//h/db")]
    [InlineData("postgresql://h\n/db")]
    public async Task Url_without_a_database_path_is_not_kept_and_the_document_is_accepted(string url)
    {
        var logger = new ListLogger();
        await using var harness = new TracingHarness(o => o.Logger = logger);
        using (harness.Recorder.BeginSegment("request"))
        {
            using var sub = harness.Recorder.BeginSubsegment("db@h");
            sub.Sql = new SqlData { Url = url, DatabaseType = "PostgreSQL" };
        }

        var sql = Assert.Single(Assert.Single(await harness.SegmentsAsync()).Subsegments).Sql!;
        Assert.Null(sql["url"]);
        Assert.Equal("PostgreSQL", (string?)sql["database_type"]);
        Assert.Contains("sql.url", Assert.Single(logger.Lines), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgresql://h:5432/orders")]
    [InlineData("postgresql://h/orders?sslmode=require")]
    [InlineData("mysql://[::1]:3306/shop")]
    [InlineData("sqlserver://h:1433/db/with/slashes")]
    public void Url_with_a_database_path_is_kept(string url) => Assert.Equal(url, new SqlData { Url = url }.Url);

    [Fact]
    public void Url_rule_agrees_with_the_receivers_pattern()
    {
        var random = new Random(20261129);
        const string alphabet = "ab:/?@.\n";
        for (var i = 0; i < 200_000; i++)
        {
            var text = new string([.. Enumerable.Range(0, random.Next(1, 14)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            Assert.True(
                SegmentDocumentRules.SqlUrl().IsMatch(text) == SqlData.IsDatabaseUrl(text),
                $"'{text.Replace("\n", "\\n", StringComparison.Ordinal)}': pattern {SegmentDocumentRules.SqlUrl().IsMatch(text)}, rule {SqlData.IsDatabaseUrl(text)}");
        }
    }
}
