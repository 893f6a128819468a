using XRay.Data;

namespace XRay.Data.Tests.Sql;

/// <summary>
/// Plants unique markers in literals of every shape each dialect's engine reads as a value and checks that no part of
/// any marker reaches the sanitized text, with comments removed and with comments kept.
/// </summary>
public sealed class SqlSanitizerMarkerTests
{
    private const int queriesPerDialect = 3000;
    private static readonly SqlSanitizerOptions keepComments = new() { KeepComments = true };

    public static TheoryData<SqlDialect> Dialects() =>
        [SqlDialect.Generic, SqlDialect.PostgreSql, SqlDialect.SqlServer, SqlDialect.MySql, SqlDialect.Sqlite];

    [Theory]
    [MemberData(nameof(Dialects))]
    public void No_part_of_a_planted_literal_survives(SqlDialect dialect)
    {
        var generator = new SqlMarkerQueryGenerator(seed: 4242 + (int)dialect, dialect);
        var planted = 0;
        for (var n = 0; n < queriesPerDialect; n++)
        {
            var sql = generator.Next();
            AssertHidden(sql, dialect, SqlSanitizerOptions.Default, generator.Markers, n);
            AssertHidden(sql, dialect, keepComments, generator.Markers, n);
            planted += generator.Markers.Count;
        }

        Assert.True(planted > 5 * queriesPerDialect, $"only {planted} markers planted");
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Generic_hides_every_literal_of_every_dialect(SqlDialect dialect)
    {
        var generator = new SqlMarkerQueryGenerator(seed: 777 + (int)dialect, dialect);
        for (var n = 0; n < queriesPerDialect; n++)
        {
            var sql = generator.Next();
            AssertHidden(sql, SqlDialect.Generic, SqlSanitizerOptions.Default, generator.Markers, n);
            AssertHidden(sql, SqlDialect.Generic, keepComments, generator.Markers, n);
        }
    }

    internal static void AssertHidden(string sql, SqlDialect dialect, SqlSanitizerOptions options, List<(string Marker, int Window)> markers, int n)
    {
        var output = SqlSanitizer.SanitizeUncached(sql, dialect, options);
        foreach (var (marker, window) in markers)
        {
            for (var k = 0; k + window <= marker.Length; k++)
            {
                var part = marker.Substring(k, window);
                if (output.Contains(part, StringComparison.Ordinal))
                {
                    Assert.Fail($"'{part}' of {marker} survived query #{n} in {dialect} (keep comments: {options.KeepComments}):\n{Show(sql)}\n=>\n{Show(output)}");
                }
            }
        }
    }

    private static string Show(string text) => text.Replace("\r", "\\r", StringComparison.Ordinal);
}
