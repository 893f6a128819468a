using System.Buffers;

namespace XRay.Data;

// Comments, each ended where its engine ends it, and MySQL's executable comments, which are code.
internal ref partial struct SqlSanitizerLexer
{
    private static readonly SearchValues<char> blockCommentMarks = SearchValues.Create("*/");
    private static readonly SearchValues<char> lineEnds = SearchValues.Create("\r\n");

    private int Dash(int i)
    {
        if (At(i + 1) != '-')
            return i + 1;
        switch (dialect)
        {
            case SqlDialect.MySql:
                // sql_lex.cc: "--" starts a comment only before a space or control character, and it runs to '\n'.
                return IsMySqlCommentGap(At(i + 2)) ? LineComment(i, LineEnd(i + 2, '\n')) : i + 1;
            case SqlDialect.Sqlite:
                // tokenize.c: to '\n' only.
                return LineComment(i, LineEnd(i + 2, '\n'));
            case SqlDialect.Generic:
                return GenericDash(i);
            default:
                // scan.l and T-SQL end it at '\n' or '\r'.
                return LineComment(i, LineEnd(i + 2, '\r'));
        }
    }

    private static bool IsMySqlCommentGap(char c) => c <= ' ' || c == '\x7F';

    /// <summary>The index of the '\n' (or, when <paramref name="alsoAt"/> is '\r', of either) ending a line comment, or the text's length.</summary>
    private readonly int LineEnd(int from, char alsoAt)
    {
        var rest = src[Math.Min(from, src.Length)..];
        var k = alsoAt == '\r' ? rest.IndexOfAny(lineEnds) : rest.IndexOf('\n');
        return k < 0 ? src.Length : from + k;
    }

    /// <summary>
    /// PostgreSQL and T-SQL end "--" at '\r' or '\n', SQLite and MySQL at '\n' only, and MySQL reads "--" as two
    /// minus signs unless a space or control character follows. What all of them call comment is a comment; what
    /// one of them reads as code is read as code, with fences where the others' comments end.
    /// </summary>
    private int GenericDash(int i)
    {
        var newline = NextIndex(ref nextLineFeed, '\n', i + 2);
        var firstEnd = Math.Min(newline, NextIndex(ref nextCarriageReturn, '\r', i + 2));
        if (!IsMySqlCommentGap(At(i + 2)))
        {
            if (newline < src.Length && !PushFence(newline + 1, i))
                return FailClosedAtFence();
            if (firstEnd < newline && !PushFence(firstEnd + 1, i))
                return FailClosedAtFence();
            return i + 1;
        }

        if (firstEnd < newline && newline < src.Length && !PushFence(newline + 1, i))
            return FailClosedAtFence();
        return LineComment(i, firstEnd);
    }

    private int LineComment(int start, int end)
    {
        if (Crosses(start, end))
            return FailClosedAtFence();
        return Comment(start, end);
    }

    private int Hash(int i)
    {
        switch (dialect)
        {
            case SqlDialect.MySql:
                return LineComment(i, LineEnd(i + 1, '\n'));
            case SqlDialect.Sqlite:
                return SqliteParameter(i);
            default:
                // A comment to '\n' in MySQL, an operator or a temporary table's name elsewhere: read as code.
                var newline = NextIndex(ref nextLineFeed, '\n', i + 1);
                if (newline < src.Length && !PushFence(newline + 1, i))
                    return FailClosedAtFence();
                return i + 1;
        }
    }

    private int Slash(int i)
    {
        if (At(i + 1) != '*')
            return i + 1;
        if (dialect is SqlDialect.MySql or SqlDialect.Generic && executableStart < 0)
        {
            var marker = At(i + 2);
            if (marker == '!')
            {
                // A version that the server is older than makes it a comment that may hold one nested comment;
                // without a version MySQL and MariaDB both always run it.
                var content = VersionEnd(i + 3);
                return ExecutableComment(i, content, content > i + 3 ? NestedEnd(i, 2) : -1);
            }

            if (marker == 'M' && At(i + 3) == '!')
                return ExecutableComment(i, VersionEnd(i + 4), FirstClose(i + 2));
            if (marker == '+')
            {
                inHint = true;
                return ExecutableComment(i, i + 3, FirstClose(i + 2));
            }
        }

        return dialect switch
        {
            SqlDialect.PostgreSql or SqlDialect.SqlServer => NestedComment(i),
            SqlDialect.Generic => GenericBlockComment(i),
            _ => FlatComment(i),
        };
    }

    /// <summary>MySQL and SQLite: the comment ends at the first "*/".</summary>
    private int FlatComment(int i)
    {
        var end = FirstClose(i + 2);
        if (end < 0)
            return FailClosed(i);
        if (Crosses(i, end))
            return FailClosedAtFence();
        return Comment(i, end);
    }

    /// <summary>The index after the first "*/" at or after <paramref name="from"/>, or -1.</summary>
    private readonly int FirstClose(int from)
    {
        var k = src[Math.Min(from, src.Length)..].IndexOf("*/", StringComparison.Ordinal);
        return k < 0 ? -1 : from + k + 2;
    }

    /// <summary>PostgreSQL and T-SQL: "/*" inside a comment opens a nested one.</summary>
    private int NestedComment(int i)
    {
        var end = NestedEnd(i, int.MaxValue);
        if (end < 0)
            return FailClosed(i);
        if (Crosses(i, end))
            return FailClosedAtFence();
        return Comment(i, end);
    }

    /// <summary>The index after the "*/" that closes the comment at <paramref name="i"/> with at most <paramref name="maxDepth"/> levels, or -1.</summary>
    private readonly int NestedEnd(int i, int maxDepth)
    {
        var s = src;
        var pos = i + 2;
        var depth = 1;
        while (true)
        {
            var k = s[pos..].IndexOfAny(blockCommentMarks);
            if (k < 0)
                return -1;
            pos += k;
            var next = At(pos + 1);
            if (s[pos] == '*' && next == '/')
            {
                pos += 2;
                if (--depth == 0)
                    return pos;
            }
            else if (s[pos] == '/' && next == '*' && depth < maxDepth)
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

    /// <summary>
    /// SQLite and MySQL end a comment at its first "*/", PostgreSQL and T-SQL at the "*/" that matches its nesting;
    /// when the two differ, what lies between is code to some engines and comment to others.
    /// </summary>
    private int GenericBlockComment(int i)
    {
        var first = FirstClose(i + 2);
        return first < 0 || Nests(i, first) ? FailClosed(i) : LineComment(i, first);
    }

    /// <summary>Whether "/*" occurs inside the comment that opens at <paramref name="i"/> before its first close at <paramref name="firstClose"/>.</summary>
    private readonly bool Nests(int i, int firstClose) =>
        firstClose - 2 > i + 2 && src[(i + 2)..(firstClose - 2)].Contains("/*", StringComparison.Ordinal);

    /// <summary>The end of the 5- or 6-digit server version after "/*!" or "/*M!" (sql_lex.cc), or <paramref name="from"/> when there is none.</summary>
    private readonly int VersionEnd(int from)
    {
        var k = from;
        while (k < src.Length && k - from < 6 && char.IsAsciiDigit(src[k]))
            k++;
        if (k - from == 6 && !IsSpace(At(k)))
            k--;
        return k - from >= 5 ? k : from;
    }

    /// <summary>
    /// MySQL's <c>/*! … */</c>, MariaDB's <c>/*M! … */</c> and optimizer hints <c>/*+ … */</c> are executed: their
    /// content is read as code, so its literals are hidden and a "*/" inside a string does not end it, and the markers
    /// stay, even when comments are removed. A server older than the version, MySQL for "/*M!", a statement that takes
    /// no hints and every other engine read the same text as a comment ending at <paramref name="plainEnd"/> (-1 when
    /// no engine of the dialect does); a fence there hides everything when the two readings part.
    /// </summary>
    private int ExecutableComment(int i, int contentStart, int plainEnd)
    {
        if (FirstClose(i + 2) < 0)
            return FailClosed(i);
        if (dialect == SqlDialect.Generic)
        {
            // SQLite ends it at the first "*/"; if engines whose comments nest end it elsewhere, no reading can be trusted.
            plainEnd = FirstClose(i + 2);
            if (Nests(i, plainEnd))
                return FailClosed(i);
        }

        if (Crosses(i, contentStart))
            return FailClosedAtFence();
        if (plainEnd >= 0 && !PushFence(plainEnd, i))
            return FailClosedAtFence();
        executableStart = i;
        return contentStart;
    }

    /// <summary>'*' is a stop only inside an executable comment, whose "*/" ends it.</summary>
    private int Star(int i)
    {
        if (executableStart < 0 || At(i + 1) != '/')
            return i + 1;
        executableStart = -1;
        inHint = false;
        return i + 2;
    }

    private int Comment(int start, int end)
    {
        commentEnd = end;
        if (keepComments)
            return end;

        Flush(start);
        while (written > 0 && dst[written - 1] is ' ' or '\t')
            written--;
        // One space keeps the neighbours apart (select/**/1 must not become select?) without doubling the spaces around it.
        if (written > 0 && !IsSpace(dst[written - 1]) && end < src.Length && !IsSpace(src[end]))
            dst[written++] = ' ';
        copyFrom = end;
        changed = true;
        removedComment = true;
        return end;
    }
}
