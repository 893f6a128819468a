using System.Text;
using XRay.Data;

namespace XRay.Data.Tests.Sql;

/// <summary>
/// Builds random queries together with the text the sanitizer must produce for them, and remembers every literal
/// secret and every name that was put in, so a test can check both directions.
/// </summary>
public sealed class SqlQueryGenerator(int seed, SqlDialect dialect)
{
    private static readonly string[] keywords = ["select", "from", "where", "and", "or", "order by", "group by", "join", "on", "set", "update", "as"];
    // No unary-capable + or -: a sign before a number is folded into the literal, which the expectation would have to model.
    private static readonly string[] operators = ["=", "<>", "<", ">=", "||", "*", "(", ")", ",", ";"];
    private static readonly string[] plainNames = ["t", "t1", "col_2", "Users", "a1b2", "_x", "名前", "Überblick", "x9"];
    private const string secretAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -*/#;\"`[]$@:?(),.\n\t\r€é名😀";

    private readonly Random random = new(seed);
    private readonly StringBuilder input = new();
    private readonly StringBuilder expected = new();
    private bool hadComment;

    /// <summary>Text that sat inside literals and must not appear in the output.</summary>
    public List<string> Secrets { get; } = [];

    /// <summary>Identifiers and placeholders that must appear in the output.</summary>
    public List<string> Names { get; } = [];

    /// <summary>Generates the next query; returns (input, expected output).</summary>
    public (string Input, string Expected) Next()
    {
        input.Clear();
        expected.Clear();
        Secrets.Clear();
        Names.Clear();
        hadComment = false;

        var tokens = random.Next(1, 30);
        for (var t = 0; t < tokens; t++)
        {
            switch (random.Next(10))
            {
                case 0:
                case 1:
                    Add(keywords[random.Next(keywords.Length)]);
                    break;
                case 2:
                    Add(operators[random.Next(operators.Length)]);
                    break;
                case 3:
                    AddName();
                    break;
                case 4:
                    AddPlaceholder();
                    break;
                case 5:
                case 6:
                    AddLiteral();
                    break;
                case 7:
                    AddComment();
                    break;
                case 8:
                    AddInList();
                    break;
                default:
                    AddValues();
                    break;
            }
        }

        var result = expected.ToString();
        return (input.ToString(), hadComment ? result.Trim() : result);
    }

    private void Add(string text) => Add(text, text);

    private void Add(string text, string output)
    {
        input.Append(' ').Append(text);
        expected.Append(' ').Append(output);
    }

    private void AddName()
    {
        string name;
        switch (random.Next(4))
        {
            // Only where the dialect reads them as names in any position: SQLite may read "…" as a string, Generic
            // reads "…" as MySQL's string and […] and `…` as code.
            case 0 when dialect is SqlDialect.PostgreSql or SqlDialect.SqlServer:
                name = "\"" + Secret(false).Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
                break;
            case 1 when dialect is SqlDialect.SqlServer:
                name = "[" + Secret(false).Replace("]", "]]", StringComparison.Ordinal) + "]";
                break;
            case 1 when dialect is SqlDialect.Sqlite:
                name = "[" + Secret(false).Replace("]", "", StringComparison.Ordinal) + "]";
                break;
            case 2 when dialect is SqlDialect.MySql or SqlDialect.Sqlite:
                name = "`" + Secret(false).Replace("`", "``", StringComparison.Ordinal) + "`";
                break;
            default:
                name = plainNames[random.Next(plainNames.Length)];
                break;
        }

        Names.Add(name);
        Add(name);
    }

    private void AddPlaceholder()
    {
        var placeholder = random.Next(5) switch
        {
            0 => "@p" + random.Next(100),
            1 => ":name" + random.Next(100),
            2 => "?",
            3 when dialect is SqlDialect.PostgreSql or SqlDialect.Sqlite => "$" + random.Next(1, 100),
            _ => "@__value_" + random.Next(10),
        };
        Names.Add(placeholder);
        Add(placeholder);
    }

    private void AddLiteral()
    {
        var literal = Literal(signed: true);
        if (literal[0] == '-')
            Add("= " + literal, "= ?");
        else
            Add(literal, "?");
    }

    private void AddComment()
    {
        var body = Secret(true);
        hadComment = true;
        switch (random.Next(3))
        {
            case 0:
                // The space before the comment goes with it; the newline that ends a line comment stays.
                // MySQL (and so Generic) reads "--" as a comment only before a space.
                input.Append(dialect is SqlDialect.MySql or SqlDialect.Generic ? " -- " : " --").Append(body.Replace('\n', ' ').Replace('\r', ' ')).Append('\n');
                expected.Append('\n');
                break;
            case 1 when dialect == SqlDialect.MySql:
                input.Append(" #").Append(body.Replace('\n', ' ').Replace('\r', ' ')).Append('\n');
                expected.Append('\n');
                break;
            default:
                input.Append(" /*").Append(body.Replace("*", "", StringComparison.Ordinal).TrimEnd('/')).Append("*/");
                break;
        }
    }

    private void AddInList()
    {
        var count = random.Next(1, 6);
        var items = new List<(string Input, string Output, bool Literal)>();
        for (var k = 0; k < count; k++)
            items.Add(ListItem());

        var text = "in (" + string.Join(", ", items.Select(i => i.Input)) + ")";
        var output = items.TrueForAll(i => i.Literal)
            ? "in (?)"
            : "in (" + string.Join(", ", items.Select(i => i.Output)) + ")";
        Add(text, output);
    }

    private void AddValues()
    {
        var arity = random.Next(1, 4);
        var rows = random.Next(1, 5);
        var inputs = new List<string>();
        var outputs = new List<string>();
        var collapsing = true;
        for (var r = 0; r < rows; r++)
        {
            var row = new List<(string Input, string Output, bool Literal)>();
            for (var c = 0; c < arity; c++)
                row.Add(ListItem());
            var allLiterals = row.TrueForAll(i => i.Literal);
            inputs.Add("(" + string.Join(", ", row.Select(i => i.Input)) + ")");
            var rowOutput = "(" + string.Join(", ", row.Select(i => i.Output)) + ")";
            if (r == 0)
            {
                outputs.Add(rowOutput);
                collapsing = allLiterals;
            }
            else if (collapsing && allLiterals)
            {
                continue;
            }
            else
            {
                collapsing = false;
                outputs.Add(rowOutput);
            }
        }

        // The semicolon ends the statement, so a following "(" cannot continue the row list.
        Add("values " + string.Join(", ", inputs) + " ;", "values " + string.Join(", ", outputs) + " ;");
    }

    private (string Input, string Output, bool Literal) ListItem()
    {
        if (random.Next(4) == 0)
        {
            var placeholder = "@p" + random.Next(50);
            Names.Add(placeholder);
            return (placeholder, placeholder, false);
        }

        return (Literal(signed: true), "?", true);
    }

    private string Literal(bool signed)
    {
        var secret = Secret(true);
        switch (random.Next(16))
        {
            case 0:
            case 1:
                return Quoted('\'', secret);
            case 2 when dialect != SqlDialect.Sqlite:
                return "N" + Quoted('\'', secret);
            case 3 when dialect is SqlDialect.PostgreSql or SqlDialect.Generic:
                Secrets.Add(secret);
                return "E'" + secret.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
            case 4 when dialect is SqlDialect.PostgreSql or SqlDialect.Generic:
                return "U&" + Quoted('\'', secret.Replace("\\", "", StringComparison.Ordinal));
            case 5 when dialect is SqlDialect.PostgreSql or SqlDialect.Generic:
                return DollarQuoted(secret);
            case 6 when dialect is SqlDialect.MySql:
                return Quoted('"', secret);
            case 7:
                return dialect switch
                {
                    SqlDialect.SqlServer => "0x" + Hex(),
                    SqlDialect.Sqlite => "X'" + Hex2() + "'",
                    _ => random.Next(2) == 0 ? "X'" + Hex2() + "'" : "B'" + Bits() + "'",
                };
            case 8:
                return (signed && random.Next(2) == 0 ? "-" : "") + Digits();
            case 9:
                return Digits() + "." + Digits();
            case 10:
                return "." + Digits();
            case 11:
                return Digits() + "e" + (random.Next(2) == 0 ? "-" : "+") + Digits();
            case 12:
                return "0x" + Hex();
            case 13 when dialect is SqlDialect.SqlServer:
                return "$" + Digits() + "." + Digits();
            default:
                return Digits();
        }
    }

    private string Quoted(char quote, string secret)
    {
        Secrets.Add(secret);
        var body = secret.Replace(quote.ToString(), new string(quote, 2), StringComparison.Ordinal);
        body = dialect switch
        {
            // MySQL escapes with backslashes as well as doubling.
            SqlDialect.MySql => body.Replace("\\", "\\\\", StringComparison.Ordinal),
            // Without a dialect, only an even run of backslashes before a quote is unambiguous.
            SqlDialect.Generic => body.Replace("\\", "\\\\", StringComparison.Ordinal),
            _ => body,
        };
        return quote + body + quote;
    }

    private string DollarQuoted(string secret)
    {
        Secrets.Add(secret);
        var tag = random.Next(3) switch
        {
            0 => "",
            1 => "tag",
            _ => "_q" + random.Next(10),
        };
        var delimiter = "$" + tag + "$";
        return delimiter + secret.Replace("$", "", StringComparison.Ordinal) + delimiter;
    }

    private string Secret(bool mayBeEmpty)
    {
        var length = random.Next(mayBeEmpty ? 0 : 1, 24);
        var builder = new StringBuilder("s");
        for (var k = 0; k < length; k++)
        {
            var c = secretAlphabet[random.Next(secretAlphabet.Length)];
            if (char.IsSurrogate(c))
                builder.Append("😀");
            else
                builder.Append(c);
        }

        if (random.Next(4) == 0)
            builder.Append('\\');
        return builder.ToString();
    }

    private string Digits() => random.Next(0, 1_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private string Hex() => random.Next(1, int.MaxValue).ToString("X", System.Globalization.CultureInfo.InvariantCulture);

    private string Hex2() => random.Next(1, 256).ToString("X2", System.Globalization.CultureInfo.InvariantCulture);

    private string Bits() => Convert.ToString(random.Next(1, 1024), 2);
}
