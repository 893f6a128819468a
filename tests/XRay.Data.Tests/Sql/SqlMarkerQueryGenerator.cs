using System.Globalization;
using System.Text;
using XRay.Data;

namespace XRay.Data.Tests.Sql;

/// <summary>
/// Builds queries in one dialect that plant unique markers in literals of every shape the dialect's engine reads as
/// a value: prefixed strings, dollar quotes with tags of every character class, numbers of every form, literals glued
/// to operator characters, after comments holding a lone carriage return, inside executable comments, in lists, and
/// after settings that change how later text is read. <see cref="Markers"/> holds what must not survive.
/// </summary>
public sealed class SqlMarkerQueryGenerator(int seed, SqlDialect dialect)
{
    private const string consonants = "bcdfghjkmnpqrstvwxz";

    // Dollar-quote tags of every class scan.l accepts: letters, '_', any non-ASCII character (other scripts,
    // currency signs, emoji as surrogate pairs, combining marks, a no-break space), digits after the first.
    private static readonly string[] postgreSqlTags =
        ["", "t", "_", "tag_1", "x9", "é", "€", "😀", "a\u0301", "\u00A0", "Ω1", "日本", "_9z", "ß"];

    private static readonly string[] mySqlTags = ["", "t", "x1", "é", "_a"];

    // Operators glued to the literal with no space. None ends in '-' or '/', which would start a comment.
    private static readonly string[] postgreSqlOperators =
        ["#", "@", "@@", "<@", "@>", "#>>", "?", "?|", "~", "!~", "&&", "||", "^", "%", "`", "=", "<>", "!=", "&", "|", "#@", "@#", "~@", "><", "*"];

    private static readonly string[] mySqlOperators = ["=", "<>", "<=>", "!=", ":=", "|", "&", "^", "~", "%", "*", "+", "->", "->>", "(", ","];
    private static readonly string[] sqlServerOperators = ["=", "<>", "!=", "+", "%", "^", "&", "|", "~", "*", "(", ","];
    private static readonly string[] sqliteOperators = ["=", "==", "<>", "!=", "||", "->", "->>", "&", "|", "~", "%", "<<", "*", "(", ","];
    private static readonly string[] names = ["t", "a", "b1", "col_x", "Users", "名前"];

    private readonly Random random = new(seed);
    private readonly StringBuilder sql = new();
    private bool quotedIdentifierOff;

    /// <summary>Every marker planted by the last <see cref="Next"/>, each with the length of its parts that must not show.</summary>
    public List<(string Marker, int Window)> Markers { get; } = [];

    /// <summary>Generates the next query.</summary>
    public string Next()
    {
        sql.Clear();
        Markers.Clear();
        quotedIdentifierOff = false;
        sql.Append(random.Next(3) == 0 ? "update t set a = " : "select ");
        var pieces = random.Next(2, 10);
        for (var k = 0; k < pieces; k++)
        {
            switch (random.Next(12))
            {
                case 0:
                    sql.Append(' ').Append(names[random.Next(names.Length)]).Append(random.Next(2) == 0 ? " = " : ", ");
                    break;
                case 1:
                    sql.Append(" in (").Append(Literal()).Append(", ").Append(Literal()).Append(") and x = ");
                    break;
                case 2:
                    sql.Append("; insert into t (a, b) values (").Append(Literal()).Append(", ").Append(Literal()).Append("), (")
                        .Append(Literal()).Append(", ").Append(Literal()).Append("); select ");
                    break;
                case 3:
                    CommentThenLiteral();
                    break;
                case 4:
                    ExecutableComment();
                    break;
                case 5:
                    Setting();
                    break;
                case 6:
                    sql.Append(" where x ").Append(Glued());
                    break;
                default:
                    sql.Append(' ').Append(Literal()).Append(random.Next(3) == 0 ? ", " : " || ");
                    break;
            }
        }

        sql.Append(' ').Append(Literal());
        return sql.ToString();
    }

    /// <summary>A literal glued to an operator of the dialect: <c>#$$…$$</c>, <c>@@E'…'</c>, <c>&lt;@$$…$$</c>.</summary>
    private string Glued()
    {
        var operators = dialect switch
        {
            SqlDialect.PostgreSql => postgreSqlOperators,
            SqlDialect.MySql => mySqlOperators,
            SqlDialect.SqlServer => sqlServerOperators,
            SqlDialect.Sqlite => sqliteOperators,
            _ => random.Next(2) == 0 ? postgreSqlOperators : mySqlOperators,
        };
        return operators[random.Next(operators.Length)] + Literal(signed: false);
    }

    private void CommentThenLiteral()
    {
        switch (random.Next(4))
        {
            case 0 when dialect is SqlDialect.PostgreSql or SqlDialect.SqlServer or SqlDialect.Generic:
                // A lone '\r' ends "--" here: what follows on the line is code.
                sql.Append(" -- it's\r").Append(Literal()).Append(" ||\n");
                break;
            case 1 when dialect is SqlDialect.MySql or SqlDialect.Sqlite or SqlDialect.Generic:
                // Here it does not: the quote after '\r' is comment, the literal after '\n' is code.
                sql.Append(" -- it\r's").Append(random.Next(2) == 0 ? " \"q\" `" : string.Empty).Append('\n').Append(Literal()).Append(" || ");
                break;
            case 2 when dialect is SqlDialect.MySql:
                sql.Append(" # it\r's\n").Append(Literal()).Append(" || ");
                break;
            case 3 when dialect is SqlDialect.PostgreSql or SqlDialect.SqlServer:
                sql.Append(" /* a /* it's */ \"q\" */ ").Append(Literal()).Append(" || ");
                break;
            default:
                sql.Append(" /* it's \"q\" $$ */ ").Append(Literal()).Append(" || ");
                break;
        }
    }

    private void ExecutableComment()
    {
        if (dialect is not (SqlDialect.MySql or SqlDialect.Generic))
        {
            sql.Append(' ').Append(Literal()).Append(" + ");
            return;
        }

        var opener = random.Next(4) switch
        {
            0 => "/*!",
            1 => "/*!50700",
            2 => "/*M!100100",
            _ => "/*+ SET_VAR(x =",
        };
        var closer = opener.StartsWith("/*+", StringComparison.Ordinal) ? ") */" : " */";
        // A "*/" inside a string does not end an executed comment, but it ends the comment an older server reads.
        var inner = random.Next(3) == 0 ? "'*/" + Marker(out var m) + Plant(m, "'") : Literal();
        sql.Append(' ').Append(opener).Append(' ').Append(inner).Append(closer).Append(' ').Append(Literal()).Append(", ");
    }

    /// <summary>Settings in the text that change how later text is read.</summary>
    private void Setting()
    {
        switch (dialect)
        {
            case SqlDialect.MySql:
                // Under NO_BACKSLASH_ESCAPES 'a\' ends at its second quote, so the marker after it is a string.
                sql.Append("; set sql_mode = 'NO_BACKSLASH_ESCAPES'; select 'a\\', '").Append(Marker(out var m)).Append("', ");
                Markers.Add((m, 5));
                break;
            case SqlDialect.SqlServer:
                sql.Append("; SET QUOTED_IDENTIFIER OFF; select ");
                quotedIdentifierOff = true;
                break;
            case SqlDialect.PostgreSql:
                sql.Append("; set standard_conforming_strings = off; select 'a\\', '").Append(Marker(out var p)).Append("', ");
                Markers.Add((p, 5));
                break;
            default:
                sql.Append(" = ").Append(Literal()).Append(" and ");
                break;
        }
    }

    private string Literal(bool signed = true)
    {
        var choice = random.Next(10);
        if (choice < 3)
            return Number(signed);
        if (choice < 5)
            return Quoted('\'');
        return dialect switch
        {
            SqlDialect.PostgreSql => PostgreSqlLiteral(),
            SqlDialect.MySql => MySqlLiteral(),
            SqlDialect.SqlServer => SqlServerLiteral(),
            SqlDialect.Sqlite => SqliteLiteral(),
            _ => GenericLiteral(),
        };
    }

    private string PostgreSqlLiteral() => random.Next(9) switch
    {
        0 => "E'" + Marker(out var a) + Plant(a, "\\'s\\\\'"),
        1 => "e'\\\\" + Marker(out var b) + Plant(b, "\\n'"),
        2 => "U&'" + Marker(out var c) + Plant(c, "\\0041'"),
        3 => (random.Next(2) == 0 ? "N'" : "n'") + Marker(out var d) + Plant(d, "'"),
        4 => "X'" + Digits(out var e) + Plant(e, "'"),
        5 => "B'" + Bits(out var f) + Plant(f, "'", 12),
        _ => DollarQuoted(postgreSqlTags),
    };

    private string MySqlLiteral() => random.Next(10) switch
    {
        0 => Quoted('"'),
        1 => "'a\\'" + Marker(out var a) + Plant(a, "\\\\'"),
        2 => "N'" + Marker(out var b) + Plant(b, "'"),
        3 => (random.Next(2) == 0 ? "_utf8mb4'" : "_binary'") + Marker(out var c) + Plant(c, "'"),
        4 => (random.Next(2) == 0 ? "X'" : "x'") + Digits(out var d) + Plant(d, "'"),
        5 => "0x" + Digits(out var e) + Plant(e, string.Empty),
        6 => random.Next(2) == 0 ? "0b" + Bits(out var f) + Plant(f, string.Empty, 12) : "b'" + Bits(out var g) + Plant(g, "'", 12),
        _ => DollarQuoted(mySqlTags),
    };

    private string SqlServerLiteral() => random.Next(5) switch
    {
        0 => "N'" + Marker(out var a) + Plant(a, "'"),
        1 => "0x" + Digits(out var b) + Plant(b, string.Empty),
        2 => "$" + Digits(out var c) + Plant(c, ".25"),
        3 => (random.Next(2) == 0 ? "€" : "£") + Digits(out var d) + Plant(d, string.Empty),
        _ => quotedIdentifierOff ? Quoted('"') : "N'" + Marker(out var e) + Plant(e, "'"),
    };

    private string SqliteLiteral() => random.Next(4) switch
    {
        0 => "X'" + Digits(out var a) + Plant(a, "'"),
        1 => "0x" + Digits(out var b) + Plant(b, string.Empty),
        // With double-quoted strings enabled, "…" in an expression is a string when no column of that name exists.
        _ => Quoted('"'),
    };

    private string GenericLiteral() => random.Next(7) switch
    {
        0 => PostgreSqlLiteral(),
        1 => MySqlLiteral(),
        2 => SqlServerLiteral(),
        3 => SqliteLiteral(),
        4 => "[ " + Literal() + ", " + Literal() + " ]",
        5 => "q'[" + Marker(out var a) + Plant(a, "]'"),
        _ => Quoted('"'),
    };

    private string Number(bool signed)
    {
        var digits = Digits(out var marker);
        Markers.Add((marker, 5));
        var text = random.Next(7) switch
        {
            0 => digits + ".25",
            1 => "." + digits,
            2 => digits + "e" + (random.Next(2) == 0 ? "-" : "+") + "3",
            3 => digits + "E3",
            4 when dialect is SqlDialect.PostgreSql or SqlDialect.Sqlite or SqlDialect.Generic => digits[..4] + "_" + digits[4..],
            _ => digits,
        };
        return signed && random.Next(4) == 0 ? "-" + text : text;
    }

    private string DollarQuoted(string[] tags)
    {
        var tag = tags[random.Next(tags.Length)];
        var delimiter = "$" + tag + "$";
        var marker = Marker(out _);
        Markers.Add((marker, 5));
        return delimiter + " it's " + marker + " \"q\" $ " + delimiter;
    }

    private string Quoted(char quote)
    {
        var marker = Marker(out _);
        Markers.Add((marker, 5));
        var body = random.Next(3) switch
        {
            0 => marker,
            1 => "it" + quote + quote + "s " + marker,
            _ => marker + " -- /* # $$ ",
        };
        return quote + body + quote;
    }

    /// <summary>Registers <paramref name="marker"/> and returns <paramref name="rest"/> to append after it.</summary>
    private string Plant(string marker, string rest, int window = 5)
    {
        Markers.Add((marker, window));
        return rest;
    }

    private string Marker(out string marker)
    {
        var builder = new StringBuilder("Q", 9);
        for (var k = 0; k < 8; k++)
            builder.Append(consonants[random.Next(consonants.Length)]);
        marker = builder.ToString();
        return marker;
    }

    /// <summary>Nine digits starting with 7, an even count of hex digits too.</summary>
    private string Digits(out string marker)
    {
        marker = "7" + random.Next(10_000_000, 100_000_000).ToString(CultureInfo.InvariantCulture);
        return marker + (marker.Length % 2 == 0 ? string.Empty : "1");
    }

    private string Bits(out string marker)
    {
        marker = "1" + Convert.ToString(random.Next(1 << 20, 1 << 21), 2);
        return marker;
    }
}
