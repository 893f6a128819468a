using XRay.Data;

namespace XRay.Data.Tests.Sql;

public sealed class SqlSanitizerPropertyTests
{
    private const int queriesPerDialect = 5000;

    public static TheoryData<SqlDialect> Dialects() =>
        [SqlDialect.Generic, SqlDialect.PostgreSql, SqlDialect.SqlServer, SqlDialect.MySql, SqlDialect.Sqlite];

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Generated_queries_sanitize_to_exactly_their_expected_text(SqlDialect dialect)
    {
        var generator = new SqlQueryGenerator(seed: 1234 + (int)dialect, dialect);
        for (var n = 0; n < queriesPerDialect; n++)
        {
            var (input, expected) = generator.Next();
            var actual = SqlSanitizer.SanitizeUncached(input, dialect, SqlSanitizerOptions.Default);
            Assert.True(expected == actual, $"query #{n} in {dialect}:\n{input}\nexpected:\n{expected}\nactual:\n{actual}");
        }
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void No_literal_text_survives_and_every_name_does(SqlDialect dialect)
    {
        var generator = new SqlQueryGenerator(seed: 99 + (int)dialect, dialect);
        var secretsChecked = 0;
        for (var n = 0; n < queriesPerDialect; n++)
        {
            var (input, _) = generator.Next();
            var actual = SqlSanitizer.SanitizeUncached(input, dialect, SqlSanitizerOptions.Default);
            foreach (var secret in generator.Secrets.Where(s => s.Length >= 8))
            {
                Assert.DoesNotContain(secret, actual, StringComparison.Ordinal);
                secretsChecked++;
            }

            var from = 0;
            foreach (var name in generator.Names)
            {
                var at = actual.IndexOf(name, from, StringComparison.Ordinal);
                Assert.True(at >= 0, $"'{name}' is missing from query #{n} in {dialect}:\n{input}\n=>\n{actual}");
                from = at + name.Length;
            }
        }

        Assert.True(secretsChecked > 1000);
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Random_character_soup_never_throws_and_never_grows(SqlDialect dialect)
    {
        const string alphabet = "'\"`[]$\\/*-#\n\r\t ()?,.;:@0123456789abcEeNnUuXxBb&_é😀";
        var random = new Random(7 + (int)dialect);
        var buffer = new char[200];
        for (var n = 0; n < 20_000; n++)
        {
            var length = random.Next(buffer.Length);
            for (var k = 0; k < length; k++)
                buffer[k] = alphabet[random.Next(alphabet.Length)];
            var input = new string(buffer, 0, length);

            var plain = SqlSanitizer.SanitizeUncached(input, dialect, SqlSanitizerOptions.Default);
            var kept = SqlSanitizer.SanitizeUncached(input, dialect, new SqlSanitizerOptions { KeepComments = true });

            Assert.True(plain.Length <= input.Length, input);
            Assert.True(kept.Length <= input.Length, input);
            Assert.Equal(plain, SqlSanitizer.Sanitize(input, dialect));
        }
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Digits_outside_names_never_survive_in_character_soup(SqlDialect dialect)
    {
        // Quoted names are left out of this alphabet so that the only digits allowed to remain are those glued to a
        // name or placeholder (t1, @p0, $1, ?2); any other digit was a literal.
        const string alphabet = "'$/*-#\n ()?,.;:=@+0123456789abeEx";
        var random = new Random(11 + (int)dialect);
        var buffer = new char[80];
        for (var n = 0; n < 20_000; n++)
        {
            var length = random.Next(buffer.Length);
            for (var k = 0; k < length; k++)
                buffer[k] = alphabet[random.Next(alphabet.Length)];
            var input = new string(buffer, 0, length);
            var output = SqlSanitizer.SanitizeUncached(input, dialect, SqlSanitizerOptions.Default);

            for (var k = 0; k < output.Length; k++)
            {
                if (dialect == SqlDialect.MySql && output[k] == '@')
                {
                    // MySQL's @name and @@name take digits and dots.
                    while (k + 1 < output.Length && (char.IsAsciiLetterOrDigit(output[k + 1]) || output[k + 1] is '@' or '.' or '_' or '$'))
                        k++;
                    continue;
                }

                if (!char.IsAsciiDigit(output[k]))
                    continue;
                var before = k > 0 ? output[k - 1] : ' ';
                Assert.True(
                    char.IsAsciiLetterOrDigit(before) || before is '_' or '$' or '@' or '#' or '?'
                        || (dialect == SqlDialect.Sqlite && before == ':')
                        || (dialect == SqlDialect.MySql && StartsMySqlName(output, k)),
                    $"digit survived in {dialect}:\n{input}\n=>\n{output}");
            }
        }
    }

    /// <summary>MySQL reads digits followed by name characters (other than a valid exponent) as a name, such as 1e or 2x.</summary>
    private static bool StartsMySqlName(string text, int k)
    {
        while (k < text.Length && char.IsAsciiDigit(text[k]))
            k++;
        return k < text.Length && (char.IsAsciiLetter(text[k]) || text[k] is '_' or '$');
    }
}
