using System.Buffers;
using System.Runtime.CompilerServices;

namespace XRay.Data;

/// <summary>
/// The single pass behind <see cref="SqlSanitizer"/>. Plain text is never copied while it is being scanned: the
/// lexer only remembers where the uncopied input starts and copies it in one block when a literal or comment has to
/// be replaced, so a query without literals is scanned with vectorized searches and returned as the same instance.
/// </summary>
/// <remarks>
/// Text between stops is skipped without looking at it, so the pass knows a token's context from two facts: where
/// the last token it handled ended (<see cref="boundary"/>), and the character before a stop. Every handler consumes
/// its whole token (a name glued to a digit or '$' to its last character, a number with any junk after it), so a
/// word character right before a stop and after <see cref="boundary"/> always belongs to a name that is still open.
/// Where engines of one dialect read the same text differently, the pass follows the reading that shows a literal
/// and sets a <see cref="Fence"/> where the other reading ends; a token that runs across a fence means the readings
/// no longer agree, and everything from the ambiguous construct on is hidden.
/// </remarks>
internal ref partial struct SqlSanitizerLexer
{
    private const int maxFences = 4;

    private readonly ReadOnlySpan<char> src;
    private readonly SqlDialect dialect;
    private readonly Rules rules;
    private readonly bool keepComments;
    private char[]? rented;
    private Span<char> dst;
    private int written;
    private int copyFrom;
    private int literals;
    private bool changed;
    private bool removedComment;
    private int boundary;
    private int commentEnd = -1;
    private int executableStart = -1;
    private bool inHint;
    private FenceStack fences;
    private int fenceCount;
    private ListKind list;
    private int listStart;
    private int listLiterals;
    private int rowsEnd;
    private int rowArity;
    private int standardStringsMentionedAt = -2;
    private int noBackslashEscapesMentionedAt = -2;
    private int quotedIdentifierNext;
    private bool quotedIdentifierOff;
    private int lastNameStart = -1;
    private int lastNameEnd = -1;
    private int nameListEnd = -1;
    private int setTargetEnd = -1;
    private int nextLineFeed = -1;
    private int nextCarriageReturn = -1;
    private int nextBracketClose = -1;
    private int nextBacktick = -1;

    // The query summary's state (SqlSanitizerLexer.Summary.cs); a struct's fields live in one declaration.
    private readonly bool summarizing;
    private readonly Span<char> summary;
    private int summaryLength;
    private bool summaryFailed;
    private bool summaryFull;
    private int scanFrom;

    // The statement being read.
    private Expect expect;
    private bool operationNext;
    private bool afterInsert;
    private SqlSummaryKeyword previousKeyword;
    private SqlSummaryKeyword definition;
    private SqlSummaryKeyword objectKind;
    private bool ignoreStatement;
    private bool ignoreRest;
    private bool nameList;
    private int depth;
    private ulong queryDepths;
    private ulong listDepths;
    private int operationPart;
    private int operationPartEnd;
    private int targetEnd;
    private int targetPart;
    private bool targetMayBeFunction;
    private int statementOperations;
    private int statementTargets;
    private int operationStart;
    private int operationEnd;
    private int firstTargetStart;
    private int firstTargetEnd;
    private TargetRole firstTargetRole;

    // Statements: one equal to the one before it is dropped, so repeating a statement does not grow the summary.
    private int statementStart;
    private int previousStatementStart;
    private int statementsKept;
    private int keptOperations;
    private int keptTargets;
    private int keptOperationStart;
    private int keptOperationEnd;
    private int keptTargetStart;
    private int keptTargetEnd;
    private TargetRole keptTargetRole;

    /// <param name="sql">The query.</param>
    /// <param name="dialect">Lexical rules to apply.</param>
    /// <param name="keepComments">Copy comments instead of removing them.</param>
    /// <param name="scratch">Output space used when it is at least as long as <paramref name="sql"/>; otherwise a pooled array is rented on the first change.</param>
    /// <param name="summaryBuffer">
    /// Empty, or <see cref="MaxSummaryLength"/> characters at least: the pass then also gathers the query summary,
    /// read with <see cref="TakeSummary"/>.
    /// </param>
    public SqlSanitizerLexer(ReadOnlySpan<char> sql, SqlDialect dialect, bool keepComments, Span<char> scratch, Span<char> summaryBuffer = default)
    {
        src = sql;
        // The output is never longer than the input: every replacement is shorter than what it replaces.
        if (scratch.Length >= sql.Length)
            dst = scratch;
        this.dialect = dialect;
        rules = rulesByDialect[(int)dialect];
        this.keepComments = keepComments;
        quotedIdentifierNext = -1;
        if (summaryBuffer.Length >= MaxSummaryLength)
        {
            summarizing = true;
            summary = summaryBuffer;
            StartSummary();
        }
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
                return Truncation.Cut(result, maxLength);
            return changed ? new string(result) : original;
        }
        finally
        {
            if (rented is not null)
                ArrayPool<char>.Shared.Return(rented);
        }
    }

    private void Scan()
    {
        var s = src;
        var i = 0;
        while (i < s.Length)
        {
            var set = list == ListKind.None
                ? executableStart < 0 ? rules.Plain : rules.InExecutableComment
                : executableStart < 0 ? rules.InList : rules.InListAndExecutableComment;
            if (summarizing)
            {
                set = set.Summarizing!;
                scanFrom = i;
            }

            // Gaps between stops are often a few characters (", " in a list, "." between names): probing them one by
            // one is cheaper than starting a vector search.
            var probeEnd = Math.Min(i + 8, s.Length);
            while (i < probeEnd && !set.Contains(s[i]))
                i++;
            if (i == probeEnd)
            {
                if (i == s.Length)
                    return;
                var k = s[i..].IndexOfAny(set.Values);
                if (k < 0)
                    return;
                i += k;
            }

            var c = s[i];
            if (summarizing && SummaryStop(ref i, c))
                continue;
            i = c switch
            {
                '(' => OpenParenthesis(i),
                ')' => CloseParenthesis(i),
                _ => Token(i),
            };
            boundary = i;
        }
    }

    private int Token(int i)
    {
        if (list == ListKind.AfterValuesRow)
            list = ListKind.None;

        var c = src[i];
        if (i > boundary && rules.IsWord(c) && rules.IsWord(src[i - 1]))
            return summarizing ? SummaryContinueWord(i) : ContinueWord(i);

        switch (c)
        {
            case '\'':
                return SingleQuoted(i);
            case '"':
                return DoubleQuoted(i);
            case '`':
                return Backtick(i);
            case '[':
                return Bracket(i);
            case '-':
                return Dash(i);
            case '/':
                return Slash(i);
            case '#':
                return Hash(i);
            case '$':
                return Dollar(i);
            case '@':
                return AtSign(i);
            case ':':
            case '?':
                return SqliteParameter(i);
            case '*':
                return Star(i);
            default:
                return Digit(i);
        }
    }

    private readonly char At(int i) => (uint)i < (uint)src.Length ? src[i] : '\0';

    private static bool IsSpace(char c) => c == ' ' || (c <= '\r' ? c >= '\t' : c > 0x7F && char.IsWhiteSpace(c));

    /// <summary>Whether the character at <paramref name="p"/> begins a token: nothing of a name runs into it from the left.</summary>
    private readonly bool IsTokenStart(int p) => p >= boundary && (p == boundary || !rules.IsWord(src[p - 1]));

    /// <summary>A stop inside a name that began in skipped text ('1' in t1, '$' in a$b): the rest of the name.</summary>
    private readonly int ContinueWord(int i)
    {
        var s = src;
        while (i < s.Length && rules.IsWord(s[i]))
            i++;
        return i;
    }

    /// <summary>
    /// The first <paramref name="c"/> at or after <paramref name="from"/>, or the text's length; <paramref name="cache"/>
    /// keeps the last answer, and since questions only move forward, no part of the text is searched twice.
    /// </summary>
    private readonly int NextIndex(ref int cache, char c, int from)
    {
        if (cache >= from)
            return cache;
        var k = from >= src.Length ? -1 : src[from..].IndexOf(c);
        cache = k < 0 ? src.Length : from + k;
        return cache;
    }

    private void Flush(int upTo)
    {
        if (dst.Length < src.Length)
        {
            rented = ArrayPool<char>.Shared.Rent(src.Length);
            dst = rented;
        }

        var length = upTo - copyFrom;
        if (length <= 0)
            return;
        if (length <= 8)
        {
            // Most copies are the few characters between two literals; a call to memmove costs more than they do.
            var from = src.Slice(copyFrom, length);
            var to = dst.Slice(written, length);
            for (var k = 0; k < from.Length; k++)
                to[k] = from[k];
        }
        else
        {
            src.Slice(copyFrom, length).CopyTo(dst[written..]);
        }

        written += length;
        copyFrom = upTo;
    }

    /// <summary>Replaces <c>src[start..end)</c> with <c>?</c>.</summary>
    private int Replace(int start, int end)
    {
        if (Crosses(start, end))
            return FailClosedAtFence();
        Flush(start);
        return Emit(end);
    }

    private int Emit(int end)
    {
        dst[written++] = '?';
        copyFrom = end;
        changed = true;
        literals++;
        if (summarizing)
            NoteValue();
        return list == ListKind.None ? TryOpenList(written - 1, end) : end;
    }

    /// <summary>Something that must be a value or a comment never ends, or its end is ambiguous: hide everything from its start.</summary>
    private int FailClosed(int start)
    {
        if (start < copyFrom)
            start = copyFrom;
        Flush(start);
        dst[written++] = '?';
        copyFrom = src.Length;
        changed = true;
        list = ListKind.None;
        summaryFailed = true;
        return src.Length;
    }

    /// <summary>
    /// Remembers that another reading of the text ends a construct at <paramref name="limit"/>; a token that runs
    /// across it hides everything from <paramref name="origin"/>. Returns false when too many are open at once.
    /// </summary>
    private bool PushFence(int limit, int origin)
    {
        DropPassedFences(origin);
        for (var k = 0; k < fenceCount; k++)
        {
            if (fences[k].Limit == limit)
                return true;
        }

        if (fenceCount == maxFences)
            return false;
        fences[fenceCount++] = new Fence(limit, origin, written, copyFrom);
        return true;
    }

    private void DropPassedFences(int position)
    {
        for (var k = fenceCount - 1; k >= 0; k--)
        {
            if (fences[k].Limit <= position)
                fences[k] = fences[--fenceCount];
        }
    }

    /// <summary>Whether a token over <c>[start, end)</c> runs across a fence; fences already passed are dropped.</summary>
    private bool Crosses(int start, int end)
    {
        if (fenceCount == 0)
            return false;
        DropPassedFences(start);
        for (var k = 0; k < fenceCount; k++)
        {
            if (end > fences[k].Limit)
                return true;
        }

        return false;
    }

    /// <summary>Hides everything from the earliest open ambiguity, taking back what was written since it began.</summary>
    private int FailClosedAtFence()
    {
        var fence = fences[0];
        for (var k = 1; k < fenceCount; k++)
        {
            if (fences[k].Origin < fence.Origin)
                fence = fences[k];
        }

        fenceCount = 0;
        executableStart = -1;
        written = fence.Written;
        copyFrom = fence.CopyFrom;
        return FailClosed(fence.Origin);
    }

    private readonly record struct Fence(int Limit, int Origin, int Written, int CopyFrom);

    [InlineArray(maxFences)]
    private struct FenceStack
    {
        private Fence first;
    }
}
