namespace XRay.Data;

// Where "…" can only be a name. SQLite builds with double-quoted strings enabled (the library default, Debian's
// libsqlite3, System.Data.SQLite) read "abc" as the string 'abc' wherever no column abc resolves, and MySQL always
// reads it as a string; neither accepts a string in the positions below, so there it stays readable and elsewhere it
// is hidden.
internal ref partial struct SqlSanitizerLexer
{
    // Names are looked for backwards only this far, so that no part of the text is read again and again.
    private const int maxNameLength = 128;

    // The keyword before "x" makes it a name.
    private static readonly string[] nameKeywords =
    [
        "as", "from", "join", "into", "update", "table", "index", "view", "trigger", "references", "constraint",
        "column", "collate", "exists", "to", "rename", "with", "recursive", "database", "window", "over",
    ];

    // The keyword before "name (" makes the parenthesis open a list of names.
    private static readonly string[] nameListKeywords = ["into", "table", "references", "view", "exists"];

    // The keyword right before "(" makes it open a list of names.
    private static readonly string[] nameListOpeners = ["using", "key", "unique"];

    private void KeptName(int start, int end)
    {
        lastNameStart = start;
        lastNameEnd = end;
        if (summarizing)
            NoteName(start, end);
    }

    /// <summary>
    /// Whether <c>src[open..end)</c>, a double-quoted token, stands where no string may: qualified (<c>"t"."c"</c>),
    /// a function or a table with a column list after it, after <c>AS</c>, <c>FROM</c>, <c>JOIN</c>, <c>INTO</c>,
    /// <c>UPDATE</c>, <c>TABLE</c> and the like, in an <c>INSERT</c> column list, or as an <c>UPDATE … SET</c> target.
    /// </summary>
    private bool IsNamePosition(int open, int end)
    {
        var after = SkipSpace(end);
        var next = At(after);
        if ((next == '.' && !char.IsAsciiDigit(At(after + 1))) || next == '(')
            return true;

        var p = PreviousSignificant(open);
        if (p < 0)
            return false;
        switch (src[p])
        {
            case '.':
                return true;
            case '(':
                if (!OpensNameList(p))
                    return false;
                nameListEnd = end;
                return true;
            case ',':
                // A list that was broken stays broken: each part of the text is looked at by one quote only.
                if (nameListEnd >= 0 && IsSeparator(nameListEnd, open))
                {
                    nameListEnd = end;
                    return true;
                }

                nameListEnd = -1;
                if (setTargetEnd >= 0 && IsAssignment(after) && FollowsSetItem(setTargetEnd, open))
                {
                    setTargetEnd = end;
                    return true;
                }

                setTargetEnd = -1;
                return false;
        }

        var wordStart = WordBefore(p);
        if (wordStart < 0)
            return false;
        var word = src[wordStart..(p + 1)];
        if (word.Equals("set", StringComparison.OrdinalIgnoreCase))
        {
            if (!IsAssignment(after))
                return false;
            setTargetEnd = end;
            return true;
        }

        if (word.Equals("from", StringComparison.OrdinalIgnoreCase))
        {
            // IS DISTINCT FROM "x" compares values; MySQL's EXTRACT(… FROM "…") and TRIM(… FROM "…") take strings.
            var q = PreviousSignificant(wordStart);
            var before = q < 0 ? -1 : WordBefore(q);
            if (before >= 0 && src[before..(q + 1)].Equals("distinct", StringComparison.OrdinalIgnoreCase))
                return false;
            return dialect != SqlDialect.Generic || next != ')';
        }

        return IsOneOf(word, nameKeywords);
    }

    private readonly bool IsAssignment(int p) => At(p) == '=' && At(p + 1) != '=';

    /// <summary>The last character before <paramref name="p"/> that is not white space, or -1 when there is none or it belongs to a comment.</summary>
    private readonly int PreviousSignificant(int p)
    {
        p--;
        while (p >= 0 && IsSpace(src[p]))
            p--;
        return p < commentEnd ? -1 : p;
    }

    /// <summary>The start of the keyword-like word of ASCII letters ending at <paramref name="p"/>, or -1.</summary>
    private readonly int WordBefore(int p)
    {
        if (p < 0 || !char.IsAsciiLetter(src[p]))
            return -1;
        var start = p;
        while (start > 0 && p - start < maxNameLength && char.IsAsciiLetter(src[start - 1]))
            start--;
        return start > 0 && (rules.IsWord(src[start - 1]) || src[start - 1] is '.' or '@' or ':' or '"' or '`' or ']')
            ? -1
            : start;
    }

    private static bool IsOneOf(ReadOnlySpan<char> word, string[] keywords)
    {
        foreach (var keyword in keywords)
        {
            if (word.Equals(keyword, StringComparison.OrdinalIgnoreCase))
                return true;
        }

        return false;
    }

    /// <summary>Whether the '(' at <paramref name="p"/> opens a list of names: <c>INTO t (</c>, <c>TABLE t (</c>, <c>USING (</c>.</summary>
    private readonly bool OpensNameList(int p)
    {
        var q = PreviousSignificant(p);
        if (q < 0)
            return false;
        var word = WordBefore(q);
        if (word >= 0 && IsOneOf(src[word..(q + 1)], nameListOpeners))
            return true;
        var name = NameBefore(q);
        if (name < 0)
            return false;
        var r = PreviousSignificant(name);
        word = WordBefore(r);
        return word >= 0 && IsOneOf(src[word..(r + 1)], nameListKeywords);
    }

    /// <summary>The start of the (possibly schema-qualified) name ending at <paramref name="q"/>, or -1.</summary>
    private readonly int NameBefore(int q)
    {
        var start = NamePartBefore(q);
        if (start > 1 && src[start - 1] == '.')
            start = NamePartBefore(start - 2);
        return start;
    }

    private readonly int NamePartBefore(int q)
    {
        if (q < 0)
            return -1;
        if (q + 1 == lastNameEnd)
            return lastNameStart;
        var c = src[q];
        var from = Math.Max(0, q - maxNameLength);
        if (c is '"' or '`' or ']')
        {
            var open = src[from..q].LastIndexOf(c == ']' ? '[' : c);
            return open < 0 ? -1 : from + open;
        }

        if (!rules.IsWord(c))
            return -1;
        var start = q;
        while (start > from && rules.IsWord(src[start - 1]))
            start--;
        return start;
    }

    /// <summary>Whether <c>src[from..to)</c> is one comma between white space; read backwards from <paramref name="to"/>.</summary>
    private readonly bool IsSeparator(int from, int to)
    {
        var p = to - 1;
        while (p >= from && IsSpace(src[p]))
            p--;
        if (p < from || src[p] != ',')
            return false;
        p--;
        while (p >= from && IsSpace(src[p]))
            p--;
        return p == from - 1;
    }

    /// <summary>Whether <c>src[from..to)</c> is <c>= value ,</c> with a value of one token without spaces (<c>@p0</c>, <c>?</c>).</summary>
    private readonly bool FollowsSetItem(int from, int to)
    {
        var p = SkipSpace(from);
        if (At(p) != '=' || p >= to)
            return false;
        p = SkipSpace(p + 1);
        var valueStart = p;
        while (p < to && !IsSpace(src[p]) && src[p] is not (',' or ';' or '(' or ')'))
            p++;
        if (p == valueStart)
            return false;
        p = SkipSpace(p);
        return At(p) == ',' && SkipSpace(p + 1) == to;
    }
}
