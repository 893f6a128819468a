namespace XRay.Data;

// Collapsing literal lists: IN (?, ?, ?) becomes IN (?), and VALUES (?, ?), (?, ?) keeps only its first row. A list
// opens at its first literal, when the text before it is "IN (" or "VALUES ("; while it is open, parentheses are
// also stops so its end is seen. It collapses only if the text between the parentheses is nothing but literals,
// commas and whitespace, which keeps placeholders, function calls and subqueries exactly as written.
internal ref partial struct SqlSanitizerLexer
{
    private void TryOpenList(int literalAt)
    {
        var p = literalAt - 1;
        while (p >= 0 && char.IsWhiteSpace(dst[p]))
            p--;
        if (p < 0 || dst[p] != '(')
            return;
        var open = p;
        p--;
        while (p >= 0 && char.IsWhiteSpace(dst[p]))
            p--;
        var end = p;
        while (p >= 0 && char.IsAsciiLetter(dst[p]))
            p--;
        if (p == end || (p >= 0 && IsIdentifierChar(dst[p])))
            return;

        var word = dst[(p + 1)..(end + 1)];
        if (word.Equals("in", StringComparison.OrdinalIgnoreCase))
            list = ListKind.In;
        else if (word.Equals("values", StringComparison.OrdinalIgnoreCase) || word.Equals("value", StringComparison.OrdinalIgnoreCase))
            list = ListKind.ValuesFirstRow;
        else
            return;

        listStart = open + 1;
        listLiterals = literals - 1;
    }

    private int OpenParenthesis(int i)
    {
        if (list == ListKind.AfterValuesRow && IsRowSeparator(src[copyFrom..i]))
        {
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
        var items = 0;
        var commas = 0;
        foreach (var c in dst[listStart..written])
        {
            if (c == '?')
                items++;
            else if (c == ',')
                commas++;
            else if (!char.IsWhiteSpace(c))
                return -1;
        }

        // Every '?' must be one this pass wrote; a '?' placeholder from the input is not a literal.
        return items == literals - listLiterals && commas == items - 1 ? items : -1;
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
