namespace XRay.Data;

// Strings, quoted names and dollar quotes.
internal ref partial struct SqlSanitizerLexer
{
    private int SingleQuoted(int i)
    {
        var rule = dialect switch
        {
            SqlDialect.MySql => QuoteRule.Backslash,
            SqlDialect.Generic => QuoteRule.BackslashAmbiguous,
            _ => QuoteRule.Standard,
        };
        var start = i;
        var p = At(i - 1) | 0x20;
        if (i >= 1 && IsTokenStart(i - 1))
        {
            var prefix = dialect switch
            {
                SqlDialect.PostgreSql => p is 'n' or 'b' or 'x' or 'e',
                SqlDialect.MySql => p is 'n' or 'b' or 'x',
                SqlDialect.SqlServer => p == 'n',
                SqlDialect.Sqlite => p == 'x',
                _ => p is 'n' or 'b' or 'x' or 'e' or 'q',
            };
            if (prefix)
            {
                start = i - 1;
                if (p == 'e' && dialect == SqlDialect.PostgreSql)
                    rule = QuoteRule.Backslash;
                if (p == 'q' && dialect == SqlDialect.Generic)
                    return OracleQuoted(i - 1);
            }
        }
        else if (At(i - 1) == '&' && (At(i - 2) | 0x20) == 'u' && i >= 2 && IsTokenStart(i - 2)
            && dialect is SqlDialect.PostgreSql or SqlDialect.Generic)
        {
            start = i - 2;
        }

        if (rule == QuoteRule.Standard && dialect == SqlDialect.PostgreSql)
            return PostgreSqlString(start, i);
        if (rule == QuoteRule.Backslash && dialect == SqlDialect.MySql)
            return MySqlString(start, i, '\'');
        return ReplaceString(start, i, '\'', rule);
    }

    private int ReplaceString(int start, int quote, char q, QuoteRule rule)
    {
        var end = ScanQuoted(quote + 1, q, rule);
        return end < 0 ? FailClosed(start) : Replace(start, end);
    }

    /// <summary>
    /// A standard string, unless the text turns <c>standard_conforming_strings</c> off before it: then a backslash
    /// escapes, and a string whose end depends on it is hidden with everything after it.
    /// </summary>
    private int PostgreSqlString(int start, int quote)
    {
        var end = ScanQuoted(quote + 1, '\'', QuoteRule.Standard);
        if (end > 0 && src[(quote + 1)..end].Contains('\\') && Mentioned(ref standardStringsMentionedAt, "standard_conforming_strings", quote))
            end = ScanQuoted(quote + 1, '\'', QuoteRule.BackslashAmbiguous);
        return end < 0 ? FailClosed(start) : Replace(start, end);
    }

    /// <summary>MySQL's escaping string, unless the text sets <c>NO_BACKSLASH_ESCAPES</c> before a string whose end depends on it.</summary>
    private int MySqlString(int start, int quote, char q)
    {
        var rule = inHint ? QuoteRule.BackslashAmbiguous : QuoteRule.Backslash;
        var end = ScanQuoted(quote + 1, q, rule);
        if (end > 0 && src[(quote + 1)..end].Contains('\\') && Mentioned(ref noBackslashEscapesMentionedAt, "no_backslash_escapes", quote))
            end = -1;
        return end < 0 ? FailClosed(start) : Replace(start, end);
    }

    /// <summary>Whether <paramref name="word"/> occurs before <paramref name="position"/>; the text is searched once.</summary>
    private readonly bool Mentioned(ref int at, string word, int position)
    {
        if (at == -2)
            at = src.IndexOf(word, StringComparison.OrdinalIgnoreCase);
        return at >= 0 && at < position;
    }

    /// <summary>Oracle's <c>q'[…]'</c>: hidden when its end agrees with a plain string's, else everything from it.</summary>
    private int OracleQuoted(int start)
    {
        var open = At(start + 2);
        var close = open switch
        {
            '[' => ']',
            '{' => '}',
            '(' => ')',
            '<' => '>',
            _ => open,
        };
        var end = -1;
        if (open != '\0' && !IsSpace(open))
        {
            var k = start + 3;
            while (k + 1 < src.Length && !(src[k] == close && src[k + 1] == '\''))
                k++;
            if (k + 1 < src.Length)
                end = k + 2;
        }

        var plain = ScanQuoted(start + 2, '\'', QuoteRule.BackslashAmbiguous);
        return end > 0 && end == plain ? Replace(start, end) : FailClosed(start);
    }

    /// <summary>Returns the index after the closing quote, or -1 when the quote never closes or its end is ambiguous.</summary>
    private readonly int ScanQuoted(int pos, char quote, QuoteRule rule)
    {
        var s = src;
        if (rule == QuoteRule.Standard)
        {
            while (true)
            {
                var k = IndexOf(s[pos..], quote);
                if (k < 0)
                    return -1;
                pos += k + 1;
                if (pos < s.Length && s[pos] == quote)
                {
                    pos++;
                    continue;
                }

                return pos;
            }
        }

        while (true)
        {
            var k = s[pos..].IndexOfAny(quote, '\\');
            if (k < 0)
                return -1;
            pos += k;
            if (s[pos] == '\\')
            {
                var run = s[pos..].IndexOfAnyExcept('\\');
                if (run < 0)
                    return -1;
                if (rule == QuoteRule.Backslash)
                {
                    // Each backslash escapes the character after it.
                    pos += run % 2 == 0 ? run : run + 1;
                }
                else
                {
                    // One engine ends the string at this quote, another escapes it: neither reading is safe.
                    if (run % 2 == 1 && s[pos + run] == quote)
                        return -1;
                    pos += run;
                }

                continue;
            }

            pos++;
            if (pos < s.Length && s[pos] == quote)
            {
                pos++;
                continue;
            }

            return pos;
        }
    }

    /// <summary>Quoted names are short: a scalar probe finds most closing quotes before a vector search would start.</summary>
    private static int IndexOf(ReadOnlySpan<char> text, char c)
    {
        var probe = Math.Min(text.Length, 16);
        for (var k = 0; k < probe; k++)
        {
            if (text[k] == c)
                return k;
        }

        if (probe == text.Length)
            return -1;
        var rest = text[probe..].IndexOf(c);
        return rest < 0 ? -1 : probe + rest;
    }

    private int QuotedIdentifier(int i, char close)
    {
        var end = ScanQuoted(i + 1, close, QuoteRule.Standard);
        if (end < 0)
            return FailClosed(i);
        if (Crosses(i, end))
            return FailClosedAtFence();
        KeptName(i, end);
        return end;
    }

    private int DoubleQuoted(int i)
    {
        switch (dialect)
        {
            case SqlDialect.PostgreSql:
                return QuotedIdentifier(i, '"');
            case SqlDialect.SqlServer:
                return QuotedIdentifierIsOff(i) ? ReplaceString(i, i, '"', QuoteRule.Standard) : QuotedIdentifier(i, '"');
            case SqlDialect.MySql:
                // Under ANSI_QUOTES (which a connection may have set) this is a name in which '\' does not escape.
                return ReplaceString(i, i, '"', QuoteRule.BackslashAmbiguous);
            default:
                var end = ScanQuoted(i + 1, '"', dialect == SqlDialect.Sqlite ? QuoteRule.Standard : QuoteRule.BackslashAmbiguous);
                if (end < 0)
                    return FailClosed(i);
                if (!IsNamePosition(i, end))
                    return Replace(i, end);
                if (Crosses(i, end))
                    return FailClosedAtFence();
                KeptName(i, end);
                return end;
        }
    }

    /// <summary>
    /// Whether T-SQL reads <c>"…"</c> at <paramref name="i"/> as a string: <c>SET QUOTED_IDENTIFIER</c> takes effect
    /// when the batch is parsed, so the last mention before the quote decides; anything but <c>ON</c> after it counts
    /// as OFF. Each mention is found once.
    /// </summary>
    private bool QuotedIdentifierIsOff(int i)
    {
        const string option = "quoted_identifier";
        while (quotedIdentifierNext < i)
        {
            if (quotedIdentifierNext >= 0)
            {
                var p = SkipSpace(quotedIdentifierNext + option.Length);
                quotedIdentifierOff = !((At(p) | 0x20) == 'o' && (At(p + 1) | 0x20) == 'n' && !rules.IsWord(At(p + 2)));
            }

            var from = quotedIdentifierNext < 0 ? 0 : quotedIdentifierNext + option.Length;
            var k = src[from..].IndexOf(option, StringComparison.OrdinalIgnoreCase);
            quotedIdentifierNext = k < 0 ? src.Length : from + k;
        }

        return quotedIdentifierOff;
    }

    private int Backtick(int i)
    {
        if (dialect == SqlDialect.Generic)
            return Fenced(i, '`');
        return QuotedIdentifier(i, '`');
    }

    private int Bracket(int i)
    {
        switch (dialect)
        {
            case SqlDialect.Generic:
                return Fenced(i, ']');
            case SqlDialect.Sqlite:
                // SQLite's [name] ends at the first ']'; there is no doubling.
                var k = src[(i + 1)..].IndexOf(']');
                if (k < 0)
                    return FailClosed(i);
                var end = i + k + 2;
                if (Crosses(i, end))
                    return FailClosedAtFence();
                KeptName(i, end);
                return end;
            default:
                return QuotedIdentifier(i, ']');
        }
    }

    /// <summary>
    /// Generic <c>[…]</c> and <c>`…`</c>: a quoted name in one engine, an array, a list literal or operators in
    /// another. The content is read as code, so literals in it are hidden, and a fence at the closing character
    /// catches a token that one reading would end there and the other would not.
    /// </summary>
    private int Fenced(int i, char close)
    {
        for (var k = 0; k < fenceCount; k++)
        {
            // The '`' that closes a region opened before is not a new opening.
            if (fences[k].Limit == i + 1)
                return i + 1;
        }

        // The first closing character is where the shortest reading ends (SQLite's [name]); a doubled one only adds fences.
        var end = close == ']' ? NextIndex(ref nextBracketClose, ']', i + 1) : NextIndex(ref nextBacktick, '`', i + 1);
        if (end == src.Length)
            return FailClosed(i);
        return PushFence(end + 1, i) ? i + 1 : FailClosedAtFence();
    }

    private int Dollar(int i)
    {
        switch (dialect)
        {
            case SqlDialect.PostgreSql:
                return PostgreSqlDollar(i);
            case SqlDialect.SqlServer:
                return IsMoney(i) ? Number(i, i + 1) : i + 1;
            case SqlDialect.MySql:
                return MySqlDollar(i);
            case SqlDialect.Sqlite:
                return SqliteParameter(i);
            default:
                // $1 is a parameter in PostgreSQL but money in T-SQL; $12.50 is money; otherwise PostgreSQL's rules.
                return IsMoney(i) ? Number(i, i + 1) : PostgreSqlDollar(i);
        }
    }

    private readonly bool IsMoney(int i) =>
        char.IsAsciiDigit(At(i + 1)) || (At(i + 1) == '.' && char.IsAsciiDigit(At(i + 2)));

    /// <summary>
    /// scan.l: <c>$1</c> is a parameter; <c>$tag$</c> opens a dollar quote whose tag starts with a letter, '_' or
    /// any non-ASCII character and continues with those or digits; any other '$' stands alone.
    /// </summary>
    private int PostgreSqlDollar(int i)
    {
        var s = src;
        var next = At(i + 1);
        if (char.IsAsciiDigit(next))
        {
            var j = i + 1;
            while (j < s.Length && char.IsAsciiDigit(s[j]))
                j++;
            // $1abc is a syntax error in PostgreSQL; the junk is hidden with the number.
            if (j < s.Length && IsPostgreSqlIdentifierStart(s[j]))
                return Replace(i, ScanJunk(j));
            return j;
        }

        if (next == '$')
            return DollarQuote(i, i + 1);
        if (!IsPostgreSqlIdentifierStart(next))
            return i + 1;
        var t = i + 2;
        while (t < s.Length && (IsPostgreSqlIdentifierStart(s[t]) || char.IsAsciiDigit(s[t])))
            t++;
        return At(t) == '$' ? DollarQuote(i, t) : i + 1;
    }

    private static bool IsPostgreSqlIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_' || c >= 0x80;

    /// <summary>
    /// sql_lex.cc: a '$' that starts a token and is followed by name characters up to another '$' opens a dollar
    /// quote (MySQL 8.4 and 9 routine bodies, JavaScript programs); otherwise it starts a name.
    /// </summary>
    private int MySqlDollar(int i)
    {
        var s = src;
        var t = i + 1;
        while (t < s.Length && s[t] != '$' && rules.IsWord(s[t]))
            t++;
        return At(t) == '$' ? DollarQuote(i, t) : ContinueWord(i + 1);
    }

    /// <summary>The quote opened by <c>src[i..tagEnd]</c> (both '$' included) ends at the next copy of that delimiter.</summary>
    private int DollarQuote(int i, int tagEnd)
    {
        var delimiter = src[i..(tagEnd + 1)];
        var k = src[(tagEnd + 1)..].IndexOf(delimiter);
        return k < 0 ? FailClosed(i) : Replace(i, tagEnd + 1 + k + delimiter.Length);
    }

    private enum QuoteRule
    {
        Standard,
        Backslash,
        BackslashAmbiguous,
    }
}
