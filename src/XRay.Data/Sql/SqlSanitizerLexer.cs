using System.Buffers;

namespace XRay.Data;

/// <summary>
/// The single pass behind <see cref="SqlSanitizer"/>. Plain text is never copied while it is being scanned: the
/// lexer only remembers where the uncopied input starts and copies it in one block when a literal or comment has to
/// be replaced, so a query without literals is scanned with vectorized searches and returned as the same instance.
/// </summary>
internal ref partial struct SqlSanitizerLexer
{
    // Characters that may start something the lexer must look at; everything else is copied in bulk.
    private static readonly SearchValues<char>[] stops =
    [
        SearchValues.Create("'\"`[-/$0123456789"), // Generic
        SearchValues.Create("'\"`-/$0123456789"), // PostgreSql: '[' is an array subscript
        SearchValues.Create("'\"`[-/$0123456789"), // SqlServer
        SearchValues.Create("'\"`-/#0123456789"), // MySql: '#' starts a comment, '$' is an identifier character
    ];

    // The same plus parentheses, used only while a literal list is open.
    private static readonly SearchValues<char>[] listStops =
    [
        SearchValues.Create("'\"`[-/$0123456789()"),
        SearchValues.Create("'\"`-/$0123456789()"),
        SearchValues.Create("'\"`[-/$0123456789()"),
        SearchValues.Create("'\"`-/#0123456789()"),
    ];

    private static readonly SearchValues<char> asciiIdentifier =
        SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_$@#");

    private static readonly SearchValues<char> blockCommentMarks = SearchValues.Create("*/");

    private readonly ReadOnlySpan<char> src;
    private readonly SqlDialect dialect;
    private readonly bool keepComments;
    private char[]? rented;
    private Span<char> dst;
    private int written;
    private int copyFrom;
    private int literals;
    private bool changed;
    private bool removedComment;
    private ListKind list;
    private int listStart;
    private int listLiterals;
    private int rowsEnd;
    private int rowArity;

    public SqlSanitizerLexer(ReadOnlySpan<char> sql, SqlDialect dialect, bool keepComments)
    {
        src = sql;
        this.dialect = dialect;
        this.keepComments = keepComments;
    }

    /// <summary>Runs the pass and returns the sanitized, possibly truncated text.</summary>
    public string Run(string original, int maxLength)
    {
        try
        {
            Scan();
            ReadOnlySpan<char> result;
            if (changed)
            {
                Flush(src.Length);
                result = dst[..written];
                if (removedComment)
                    result = result.Trim();
            }
            else
            {
                result = src;
            }

            if (result.Length > maxLength)
                return Truncate(result, maxLength);
            return changed ? new string(result) : original;
        }
        finally
        {
            if (rented is not null)
                ArrayPool<char>.Shared.Return(rented);
        }
    }

    private static string Truncate(ReadOnlySpan<char> text, int maxLength)
    {
        var cut = maxLength - SqlSanitizer.TruncationMarker.Length;
        if (char.IsHighSurrogate(text[cut - 1]))
            cut--;
        return string.Concat(text[..cut], SqlSanitizer.TruncationMarker);
    }

    private void Scan()
    {
        var s = src;
        var plain = stops[(int)dialect];
        var inList = listStops[(int)dialect];
        var i = 0;
        while (i < s.Length)
        {
            var k = s[i..].IndexOfAny(list == ListKind.None ? plain : inList);
            if (k < 0)
                return;
            i += k;
            i = s[i] switch
            {
                '(' => OpenParenthesis(i),
                ')' => CloseParenthesis(i),
                _ => Token(i),
            };
        }
    }

    private int Token(int i)
    {
        if (list == ListKind.AfterValuesRow)
            list = ListKind.None;

        var s = src;
        switch (s[i])
        {
            case '\'':
                return SingleQuoted(i);
            case '"':
                return dialect == SqlDialect.MySql ? ReplaceString(i, i, '"', QuoteRule.Backslash) : QuotedIdentifier(i, '"');
            case '`':
                return QuotedIdentifier(i, '`');
            case '[':
                return Bracket(i);
            case '-':
                return At(i + 1) == '-' && (dialect != SqlDialect.MySql || IsMySqlCommentGap(At(i + 2)))
                    ? LineComment(i)
                    : i + 1;
            case '/':
                return At(i + 1) == '*' ? BlockComment(i) : i + 1;
            case '#':
                return LineComment(i);
            case '$':
                return Dollar(i);
            default:
                return Digit(i);
        }
    }

    private readonly char At(int i) => (uint)i < (uint)src.Length ? src[i] : '\0';

    private static bool IsMySqlCommentGap(char c) => c is '\0' || char.IsWhiteSpace(c) || char.IsControl(c);

    /// <summary>Letters, digits and the characters that continue an identifier or a named placeholder.</summary>
    private static bool IsIdentifierChar(char c) =>
        c < 0x80 ? char.IsAsciiLetterOrDigit(c) || c is '_' or '$' or '@' or '#' : char.IsLetterOrDigit(c);

    private void Flush(int upTo)
    {
        if (rented is null)
        {
            rented = ArrayPool<char>.Shared.Rent(Math.Max(src.Length, 16));
            dst = rented;
        }

        if (upTo > copyFrom)
        {
            src[copyFrom..upTo].CopyTo(dst[written..]);
            written += upTo - copyFrom;
            copyFrom = upTo;
        }
    }

    /// <summary>Replaces <c>src[start..end)</c> with <c>?</c>.</summary>
    private int Replace(int start, int end)
    {
        Flush(start);
        return Emit(end);
    }

    private int Emit(int end)
    {
        dst[written++] = '?';
        copyFrom = end;
        changed = true;
        literals++;
        if (list == ListKind.None)
            TryOpenList(written - 1);
        return end;
    }

    /// <summary>Something that must be a value or a comment never ends: hide everything from its start.</summary>
    private int FailClosed(int start)
    {
        Flush(start);
        dst[written++] = '?';
        copyFrom = src.Length;
        changed = true;
        list = ListKind.None;
        return src.Length;
    }

    private int SingleQuoted(int i)
    {
        var rule = dialect switch
        {
            SqlDialect.MySql => QuoteRule.Backslash,
            SqlDialect.Generic => QuoteRule.BackslashAmbiguous,
            _ => QuoteRule.Standard,
        };
        var start = i;
        var prefixed = dialect is SqlDialect.PostgreSql or SqlDialect.Generic;
        var p = At(i - 1) | 0x20;
        if (p is 'n' or 'b' or 'x' && i >= 1 && !IsIdentifierChar(At(i - 2)))
        {
            start = i - 1;
        }
        else if (p == 'e' && prefixed && i >= 1 && !IsIdentifierChar(At(i - 2)))
        {
            start = i - 1;
            rule = QuoteRule.Backslash;
        }
        else if (At(i - 1) == '&' && prefixed && i >= 2 && (At(i - 2) | 0x20) == 'u' && !IsIdentifierChar(At(i - 3)))
        {
            start = i - 2;
            rule = QuoteRule.Standard;
        }

        return ReplaceString(Math.Max(start, copyFrom), i, '\'', rule);
    }

    private int ReplaceString(int start, int quote, char q, QuoteRule rule)
    {
        var end = ScanQuoted(quote + 1, q, rule);
        return end < 0 ? FailClosed(start) : Replace(start, end);
    }

    /// <summary>Returns the index after the closing quote, or -1 when the quote never closes or its end is ambiguous.</summary>
    private readonly int ScanQuoted(int pos, char quote, QuoteRule rule)
    {
        var s = src;
        if (rule == QuoteRule.Standard)
        {
            while (true)
            {
                var k = s[pos..].IndexOf(quote);
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
                    // PostgreSQL ends the string at this quote, MySQL escapes it: neither reading is safe.
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

    private int QuotedIdentifier(int i, char close)
    {
        var end = ScanQuoted(i + 1, close, QuoteRule.Standard);
        return end < 0 ? FailClosed(i) : end;
    }

    private int Bracket(int i)
    {
        if (dialect == SqlDialect.Generic)
        {
            // Without a dialect, '[' after an expression or before a value is an array subscript or constructor.
            var before = At(i - 1);
            var after = At(i + 1);
            if (IsIdentifierChar(before) || before is ']' or ')' || char.IsAsciiDigit(after) || after is '\'' or '-' or '+' or '.' or '$' or ':' or ']' or '?' or '"' or '[')
                return i + 1;
        }

        return QuotedIdentifier(i, ']');
    }

    private int LineComment(int i)
    {
        var k = src[(i + 1)..].IndexOfAny('\n', '\r');
        var end = k < 0 ? src.Length : i + 1 + k;
        return Comment(i, end);
    }

    private int BlockComment(int i)
    {
        var s = src;
        var pos = i + 2;
        if (dialect == SqlDialect.MySql)
        {
            var k = s[pos..].IndexOf("*/", StringComparison.Ordinal);
            return k < 0 ? FailClosed(i) : Comment(i, pos + k + 2);
        }

        var depth = 1;
        while (true)
        {
            var k = s[pos..].IndexOfAny(blockCommentMarks);
            if (k < 0)
                return FailClosed(i);
            pos += k;
            var next = At(pos + 1);
            if (s[pos] == '*' && next == '/')
            {
                pos += 2;
                if (--depth == 0)
                    return Comment(i, pos);
            }
            else if (s[pos] == '/' && next == '*')
            {
                pos += 2;
                depth++;
            }
            else
            {
                pos++;
            }
        }
    }

    private int Comment(int start, int end)
    {
        if (keepComments)
            return end;

        Flush(start);
        while (written > 0 && dst[written - 1] is ' ' or '\t')
            written--;
        // One space keeps the neighbours apart (select/**/1 must not become select?) without doubling the spaces around it.
        if (written > 0 && !char.IsWhiteSpace(dst[written - 1]) && end < src.Length && !char.IsWhiteSpace(src[end]))
            dst[written++] = ' ';
        copyFrom = end;
        changed = true;
        removedComment = true;
        return end;
    }

    private int Dollar(int i)
    {
        if (IsIdentifierChar(At(i - 1)))
            return i + 1;

        var s = src;
        var next = At(i + 1);
        if (dialect == SqlDialect.SqlServer)
        {
            // Money literal: $12.50, $.5
            return char.IsAsciiDigit(next) || (next == '.' && char.IsAsciiDigit(At(i + 2)))
                ? Replace(i, ScanNumber(i + 1))
                : i + 1;
        }

        if (char.IsAsciiDigit(next))
        {
            var j = i + 1;
            while (j < s.Length && char.IsAsciiDigit(s[j]))
                j++;
            // $12.50 is a money literal elsewhere, never a placeholder.
            if (dialect == SqlDialect.Generic && At(j) == '.' && char.IsAsciiDigit(At(j + 1)))
                return Replace(i, ScanNumber(i + 1));
            return j;
        }

        int tagEnd;
        if (next == '$')
        {
            tagEnd = i + 1;
        }
        else if (char.IsAsciiLetter(next) || next == '_' || (next >= 0x80 && char.IsLetter(next)))
        {
            var j = i + 2;
            while (j < s.Length && s[j] != '$' && (char.IsAsciiLetterOrDigit(s[j]) || s[j] == '_' || (s[j] >= 0x80 && char.IsLetterOrDigit(s[j]))))
                j++;
            if (At(j) != '$')
                return j;
            tagEnd = j;
        }
        else
        {
            return i + 1;
        }

        var delimiter = s[i..(tagEnd + 1)];
        var k = s[(tagEnd + 1)..].IndexOf(delimiter);
        return k < 0 ? FailClosed(i) : Replace(i, tagEnd + 1 + k + delimiter.Length);
    }

    private int Digit(int i)
    {
        var before = At(i - 1);
        if (i > 0 && (IsIdentifierChar(before) || before == '?') && !(before == '@' && dialect == SqlDialect.PostgreSql))
        {
            // A digit inside a name (t1, @p0, $1, ?2) is part of the name.
            var k = src[i..].IndexOfAnyExcept(asciiIdentifier);
            return k < 0 ? src.Length : i + k;
        }

        var start = i;
        if (before == '.' && !IsIdentifierChar(At(i - 2)) && At(i - 2) is not (')' or ']' or '"' or '`'))
            start = i - 1;
        var end = ScanNumber(i);

        Flush(Math.Max(start, copyFrom));
        FoldSign();
        return Emit(end);
    }

    /// <summary>Digits, letters (hex, exponent, junk glued to the number), dots, and a sign right after an exponent.</summary>
    private readonly int ScanNumber(int i)
    {
        var s = src;
        var hex = At(i) == '0' && (At(i + 1) | 0x20) == 'x';
        var j = i;
        while (j < s.Length)
        {
            var c = s[j];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.'))
                break;
            j++;
            if (!hex && (c | 0x20) == 'e' && At(j) is '+' or '-' && char.IsAsciiDigit(At(j + 1)))
                j++;
        }

        return j;
    }

    /// <summary>Drops a unary sign already written before a number, so <c>= -5</c> becomes <c>= ?</c>.</summary>
    private void FoldSign()
    {
        var p = written - 1;
        while (p >= 0 && char.IsWhiteSpace(dst[p]))
            p--;
        if (p < 0 || dst[p] is not ('-' or '+'))
            return;
        var q = p - 1;
        while (q >= 0 && char.IsWhiteSpace(dst[q]))
            q--;
        if (q < 0 || dst[q] is '(' or ',' or '=' or '<' or '>' or '!' or '+' or '-' or '*' or '/' or '%' or '^' or '&' or '|' or '~' or ';' or ':' or '[' or '{' or '@' || IsUnaryKeyword(dst, q))
            written = p;
    }

    private static bool IsUnaryKeyword(ReadOnlySpan<char> text, int end)
    {
        var start = end;
        while (start >= 0 && char.IsAsciiLetter(text[start]))
            start--;
        if (start == end || (start >= 0 && IsIdentifierChar(text[start])))
            return false;
        var word = text[(start + 1)..(end + 1)];
        foreach (var keyword in unaryKeywords)
        {
            if (word.Equals(keyword, StringComparison.OrdinalIgnoreCase))
                return true;
        }

        return false;
    }

    private static readonly string[] unaryKeywords =
    [
        "select", "where", "and", "or", "not", "when", "then", "else", "return", "between", "like", "in", "values",
        "set", "limit", "offset", "top", "by", "is", "as", "on", "case", "all", "any", "some", "default", "having",
        "exists", "interval", "fetch", "returns",
    ];

    private enum QuoteRule
    {
        Standard,
        Backslash,
        BackslashAmbiguous,
    }
}
