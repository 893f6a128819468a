using System.Buffers;

namespace XRay.Data;

// Collapsing literal lists: IN (?, ?, ?) becomes IN (?), and VALUES (?, ?), (?, ?) keeps only its first row. A list
// opens at its first literal, when the text before it is "IN (" or "VALUES ("; while it is open, parentheses are
// also stops so its end is seen. It collapses only if the text between the parentheses is nothing but literals,
// commas and whitespace, which keeps placeholders, function calls and subqueries exactly as written.
internal ref partial struct SqlSanitizerLexer
{
    private static readonly SearchValues<char> listChars = SearchValues.Create("?, \t\r\n");

    /// <summary>Called after a literal is written at <paramref name="literalAt"/>; returns where scanning resumes.</summary>
    private int TryOpenList(int literalAt, int next)
    {
        var p = literalAt - 1;
        while (p >= 0 && IsSpace(dst[p]))
            p--;
        if (p < 0 || dst[p] != '(')
            return next;
        var open = p;
        p--;
        while (p >= 0 && IsSpace(dst[p]))
            p--;
        var end = p;
        while (p >= 0 && char.IsAsciiLetter(dst[p]))
            p--;
        if (p == end || (p >= 0 && rules.IsWord(dst[p])))
            return next;

        var word = dst[(p + 1)..(end + 1)];
        if (word.Equals("in", StringComparison.OrdinalIgnoreCase))
            list = ListKind.In;
        else if (word.Equals("values", StringComparison.OrdinalIgnoreCase) || word.Equals("value", StringComparison.OrdinalIgnoreCase))
            list = ListKind.ValuesFirstRow;
        else
            return next;

        listStart = open + 1;
        listLiterals = literals - 1;
        if (list == ListKind.In)
        {
            // Fast path: when the rest of the list is plain literals, collapse it without visiting each one.
            var close = SkipSimpleLiterals(next, out _);
            if (close >= 0)
            {
                written = listStart;
                dst[written++] = '?';
                copyFrom = close;
                list = ListKind.None;
                if (summarizing)
                    NotePunctuation(')');
                return close + 1;
            }
        }

        return next;
    }

    private int OpenParenthesis(int i)
    {
        if (list == ListKind.AfterValuesRow && IsRowSeparator(src[copyFrom..i]))
        {
            // Fast path: a further row of plain literals with the first row's arity is dropped without visiting
            // each literal.
            var firstEnd = SkipSimpleLiteral(SkipSpace(i + 1));
            if (firstEnd >= 0)
            {
                var close = SkipSimpleLiterals(firstEnd, out var items);
                if (close >= 0 && items + 1 == rowArity)
                {
                    copyFrom = close + 1;
                    if (summarizing)
                        NotePunctuation(')');
                    return close + 1;
                }
            }

            Flush(i + 1);
            listStart = written;
            listLiterals = literals;
            list = ListKind.ValuesNextRow;
            return i + 1;
        }

        // A nested parenthesis means a call, a tuple or a subquery: not a plain list.
        list = ListKind.None;
        return i + 1;
    }

    private int CloseParenthesis(int i)
    {
        var kind = list;
        list = ListKind.None;
        if (kind == ListKind.AfterValuesRow)
            return i + 1;

        Flush(i);
        var count = CountLiterals();
        switch (kind)
        {
            case ListKind.In when count >= 2:
                written = listStart;
                dst[written++] = '?';
                break;
            case ListKind.ValuesFirstRow when count >= 1:
                Flush(i + 1);
                rowsEnd = written;
                rowArity = count;
                list = ListKind.AfterValuesRow;
                break;
            case ListKind.ValuesNextRow when count == rowArity:
                written = rowsEnd;
                copyFrom = i + 1;
                list = ListKind.AfterValuesRow;
                break;
        }

        return i + 1;
    }

    /// <summary>The number of literals between the list's parentheses, or -1 if anything else is there.</summary>
    private readonly int CountLiterals()
    {
        var region = dst[listStart..written];
        if (region.IndexOfAnyExcept(listChars) >= 0)
            return -1;
        var items = region.Count('?');
        // Every '?' must be one this pass wrote; a '?' placeholder from the input is not a literal.
        return items == literals - listLiterals && region.Count(',') == items - 1 ? items : -1;
    }

    /// <summary>
    /// From just after a literal, skips <c>, literal</c> pairs up to the closing parenthesis. Returns the index of the
    /// parenthesis and how many literals followed the first, or -1 when anything else (a placeholder, a name, a
    /// comment, a literal the slow path must judge) comes first.
    /// </summary>
    private readonly int SkipSimpleLiterals(int p, out int items)
    {
        items = 0;
        while (true)
        {
            p = SkipSpace(p);
            var c = At(p);
            if (c == ')')
                return p;
            if (c != ',')
                return -1;
            p = SkipSimpleLiteral(SkipSpace(p + 1));
            if (p < 0)
                return -1;
            items++;
        }
    }

    /// <summary>Skips a signed number or a plain or <c>N</c>-prefixed string; -1 for anything else.</summary>
    private readonly int SkipSimpleLiteral(int p)
    {
        var c = At(p);
        if (c is '-' or '+' && char.IsAsciiDigit(At(p + 1)))
            c = At(++p);
        if (char.IsAsciiDigit(c))
            return dialect == SqlDialect.MySql ? MySqlNumberEnd(p) : NumberEnd(p);
        if ((c | 0x20) == 'n' && At(p + 1) == '\'' && dialect != SqlDialect.Sqlite)
            c = At(++p);
        if (c != '\'' || fenceCount > 0)
            return -1;
        // Backslashes are left to the slow path, which knows when a dialect's text makes them ambiguous.
        var end = ScanQuoted(p + 1, '\'', QuoteRule.Standard);
        return end < 0 || src[p..end].Contains('\\') ? -1 : end;
    }

    private readonly int SkipSpace(int p)
    {
        while (p < src.Length && IsSpace(src[p]))
            p++;
        return p;
    }

    private static bool IsRowSeparator(ReadOnlySpan<char> text)
    {
        text = text.Trim();
        return text.Length == 1 && text[0] == ',';
    }

    private enum ListKind
    {
        None,
        In,
        ValuesFirstRow,
        ValuesNextRow,
        AfterValuesRow,
    }
}
