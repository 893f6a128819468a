namespace XRay.Data;

// Numbers, parameters and variables.
internal ref partial struct SqlSanitizerLexer
{
    private static readonly string[] unaryKeywords =
    [
        "select", "where", "and", "or", "not", "when", "then", "else", "return", "between", "like", "in", "values",
        "set", "limit", "offset", "top", "by", "is", "as", "on", "case", "all", "any", "some", "default", "having",
        "exists", "interval", "fetch", "returns",
    ];

    /// <summary>A digit that starts a token (one inside a name was handled by <see cref="ContinueWord"/>).</summary>
    private int Digit(int i)
    {
        var start = i;
        var before = At(i - 1);
        if (before == '.' && i - 1 >= boundary && !rules.IsWord(At(i - 2)) && At(i - 2) is not (')' or ']' or '"' or '`'))
            start = i - 1;

        if (dialect == SqlDialect.MySql)
        {
            var end = MySqlNumberEnd(i);
            if (end < 0)
                return ContinueWord(i);
            return Hide(start, end);
        }

        return Hide(start, NumberEnd(i));
    }

    /// <summary>Hides a number that begins at <paramref name="start"/> and whose digits begin at <paramref name="digits"/>.</summary>
    private int Number(int start, int digits) => Hide(start, NumberEnd(digits));

    private int Hide(int start, int end)
    {
        Flush(Math.Max(start, copyFrom));
        FoldSign();
        return Emit(end);
    }

    /// <summary>
    /// The end of a number in PostgreSQL (scan.l: 0x, 0o and 0b integers and '_' between digits), SQLite
    /// (tokenize.c), T-SQL (0x binary) and Generic: digits, one fraction, an exponent, and any name characters glued
    /// to it, which every one of these engines rejects or reads as a separate alias. A '$' is never taken: after a
    /// number it opens a dollar quote in PostgreSQL.
    /// </summary>
    private readonly int NumberEnd(int i)
    {
        var s = src;
        var j = i;
        var radix = At(i) == '0' ? At(i + 1) | 0x20 : 0;
        if (radix is 'x' or 'o' or 'b' && (radix == 'x' || dialect is SqlDialect.PostgreSql or SqlDialect.Generic))
        {
            j += 2;
        }
        else
        {
            j = Digits(j);
            if (At(j) == '.' && At(j + 1) != '.')
                j = Digits(j + 1);
            if ((At(j) | 0x20) == 'e')
            {
                var sign = At(j + 1) is '+' or '-' ? 1 : 0;
                if (char.IsAsciiDigit(At(j + 1 + sign)))
                    j = Digits(j + 1 + sign);
            }
        }

        return ScanJunk(j);
    }

    private readonly int Digits(int j)
    {
        var s = src;
        while (j < s.Length && (char.IsAsciiDigit(s[j]) || s[j] == '_'))
            j++;
        return j;
    }

    /// <summary>Name characters and dots glued to a number, but no '$'.</summary>
    private readonly int ScanJunk(int j)
    {
        var s = src;
        while (j < s.Length && s[j] != '$' && (s[j] == '.' || rules.IsWord(s[j])))
            j++;
        return j;
    }

    /// <summary>
    /// sql_lex.cc: 0x and 0b literals, integers, decimals and exponents are numbers; digits followed by other name
    /// characters are a name (MySQL allows names such as <c>1st_table</c>). Returns -1 for a name.
    /// </summary>
    private readonly int MySqlNumberEnd(int i)
    {
        var s = src;
        if (At(i) == '0' && At(i + 1) is 'x' or 'b')
        {
            var radix = At(i + 1);
            var j = i + 2;
            while (j < s.Length && (radix == 'x' ? char.IsAsciiHexDigit(s[j]) : s[j] is '0' or '1'))
                j++;
            if (j - i >= 3 && !rules.IsWord(At(j)))
                return j;
        }

        var k = i;
        while (k < s.Length && char.IsAsciiDigit(s[k]))
            k++;
        if (!rules.IsWord(At(k)))
        {
            if (At(k) == '.')
            {
                k++;
                while (k < s.Length && char.IsAsciiDigit(s[k]))
                    k++;
            }

            return MySqlExponent(k, out var end) ? end : k;
        }

        return MySqlExponent(k, out var floatEnd) ? floatEnd : -1;
    }

    private readonly bool MySqlExponent(int k, out int end)
    {
        end = k;
        if ((At(k) | 0x20) != 'e')
            return false;
        var sign = At(k + 1) is '+' or '-' ? 1 : 0;
        if (!char.IsAsciiDigit(At(k + 1 + sign)))
            return false;
        end = k + 1 + sign;
        while (end < src.Length && char.IsAsciiDigit(src[end]))
            end++;
        return true;
    }

    /// <summary>
    /// MySQL's <c>@name</c>, <c>@@name</c> and <c>@@session.name</c> (sql_lex.cc reads letters, digits, '.', '_' and '$'
    /// after '@'); SQLite's <c>@name</c>. Neither is a value.
    /// </summary>
    private int AtSign(int i)
    {
        if (dialect == SqlDialect.Sqlite)
            return SqliteParameter(i);
        var s = src;
        var j = At(i + 1) == '@' ? i + 2 : i + 1;
        while (j < s.Length && (s[j] == '.' || rules.IsWord(s[j])))
            j++;
        return j;
    }

    /// <summary>
    /// tokenize.c: <c>?NNN</c>, and '$', '@', ':' or '#' followed by at least one name character (and TCL's '::').
    /// The parameters of the other dialects stay as written without a handler.
    /// </summary>
    private int SqliteParameter(int i)
    {
        if (dialect != SqlDialect.Sqlite)
            return i + 1;
        var s = src;
        var j = i + 1;
        if (s[i] == '?')
        {
            while (j < s.Length && char.IsAsciiDigit(s[j]))
                j++;
            return j;
        }

        while (j < s.Length)
        {
            if (rules.IsWord(s[j]))
                j++;
            else if (s[j] == ':' && At(j + 1) == ':' && j > i + 1)
                j += 2;
            else
                break;
        }

        return j;
    }

    /// <summary>Drops a unary sign already written before a number, so <c>= -5</c> becomes <c>= ?</c>.</summary>
    private void FoldSign()
    {
        var p = written - 1;
        while (p >= 0 && IsSpace(dst[p]))
            p--;
        if (p < 0 || dst[p] is not ('-' or '+'))
            return;
        var q = p - 1;
        while (q >= 0 && IsSpace(dst[q]))
            q--;
        if (q < 0 || dst[q] is '(' or ',' or '=' or '<' or '>' or '!' or '+' or '-' or '*' or '/' or '%' or '^' or '&' or '|' or '~' or ';' or ':' or '[' or '{' or '@' || IsUnaryKeyword(q))
            written = p;
    }

    private readonly bool IsUnaryKeyword(int end)
    {
        var text = dst;
        var start = end;
        while (start >= 0 && char.IsAsciiLetter(text[start]))
            start--;
        if (start == end || (start >= 0 && rules.IsWord(text[start])))
            return false;
        var word = text[(start + 1)..(end + 1)];
        foreach (var keyword in unaryKeywords)
        {
            if (word.Equals(keyword, StringComparison.OrdinalIgnoreCase))
                return true;
        }

        return false;
    }
}
