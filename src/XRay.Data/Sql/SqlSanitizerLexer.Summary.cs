using System.Text;

namespace XRay.Data;

// The query summary (db.query.summary) is gathered in the same pass. While summarizing, letters, '_' and the
// punctuation that shapes a statement ('(', ')', ',', ';') are stops too; a word is read whole and the sanitizer's
// state is left exactly as if it had been skipped, so the sanitized text does not depend on whether a summary was
// asked for. Every part of a summary is a token the sanitized text keeps verbatim (a bare word or a kept quoted
// name), never a literal, a comment or a parameter; a pass that hides text it could not read leaves no summary.
internal ref partial struct SqlSanitizerLexer
{
    /// <summary>The longest summary; parts that would not fit are left out whole.</summary>
    public const int MaxSummaryLength = 255;

    // Parentheses nest deeper than this only in generated text; past it, tables are no longer attributed.
    private const int maxTrackedDepth = 63;

    /// <summary>The summary of the text just run; call once, after <see cref="Run"/>.</summary>
    public SqlSummary TakeSummary()
    {
        EndStatement();
        if (!summarizing || summaryFailed || summaryLength == 0)
            return SqlSummary.None;

        var text = new string(summary[..summaryLength]);
        var uniform = statementsKept == 1 && !summaryFull;
        if (!uniform || keptOperations != 1 || keptOperationStart < 0)
            return new SqlSummary(text, null, null, null, uniform);

        var operation = keptOperationStart == 0 && keptOperationEnd == summaryLength
            ? text
            : text[keptOperationStart..keptOperationEnd];
        string? collection = null;
        string? procedure = null;
        if (keptTargets == 1 && keptTargetStart >= 0)
        {
            var target = text[keptTargetStart..keptTargetEnd];
            if (keptTargetRole == TargetRole.Collection)
                collection = target;
            else if (keptTargetRole == TargetRole.Procedure)
                procedure = target;
        }

        return new SqlSummary(text, operation, collection, procedure, uniform);
    }

    private void StartSummary()
    {
        operationNext = true;
        targetEnd = -1;
        targetPart = -1;
        operationPart = -1;
        operationPartEnd = -1;
        operationStart = -1;
        firstTargetStart = -1;
        previousStatementStart = -1;
        keptOperationStart = -1;
        keptTargetStart = -1;
    }

    /// <summary>
    /// A stop that only the summary has; returns false when the sanitizer's own handler must see it too (a
    /// parenthesis of an open literal list).
    /// </summary>
    private bool SummaryStop(ref int i, char c)
    {
        if (char.IsAsciiLetter(c) || c == '_')
        {
            i = SummaryWord(i);
            return true;
        }

        switch (c)
        {
            case ',' or ';':
                NotePunctuation(c);
                i++;
                return true;
            case '(' or ')':
                NotePunctuation(c);
                if (list != ListKind.None)
                    return false;
                i++;
                return true;
            default:
                return false;
        }
    }

    /// <summary>A letter or '_': reads the whole word and leaves the sanitizer's state as if the word had been skipped.</summary>
    private int SummaryWord(int i)
    {
        var s = src;
        var start = i;
        while (start > scanFrom && rules.IsWord(s[start - 1]))
            start--;
        var stops = list == ListKind.None
            ? executableStart < 0 ? rules.Plain : rules.InExecutableComment
            : executableStart < 0 ? rules.InList : rules.InListAndExecutableComment;
        var end = i + 1;
        var inner = false;
        while (end < s.Length && rules.IsWord(s[end]))
        {
            inner |= stops.Contains(s[end]);
            end++;
        }

        if (inner)
        {
            // Skipping, the pass would have stopped at the digit or '$' inside the word and taken the rest of it there.
            if (list == ListKind.AfterValuesRow)
                list = ListKind.None;
            boundary = end;
        }

        NoteWord(start, end);
        return end;
    }

    /// <summary>A digit or '$' inside a word whose start was skipped (a name that begins with a non-ASCII letter).</summary>
    private int SummaryContinueWord(int i)
    {
        var start = i;
        while (start > scanFrom && rules.IsWord(src[start - 1]))
            start--;
        var end = ContinueWord(i);
        NoteWord(start, end);
        return end;
    }

    private void NoteWord(int start, int end)
    {
        if (summaryFailed || summaryFull || ExtendsTarget(start, end))
            return;
        var next = At(end);
        // A word glued to a quote prefixes a string or a quoted name (E'…', N'…', _utf8mb4'…', U&"…"): the token
        // after it decides.
        if (next == '\'' || (next == '&' && At(end + 1) is '\'' or '"'))
            return;
        var before = At(start - 1);
        if (src[start] == '@' || before is '@' or ':' or '?' or '$' or '[' or '`')
        {
            // A parameter or variable, or code inside a bracket (an array subscript, or Generic's [name]).
            NoteValue();
            return;
        }

        OnWord(SqlSummaryKeywords.Find(src[start..end]), start, end);
    }

    private void OnWord(SqlSummaryKeyword keyword, int start, int end)
    {
        if (ignoreRest || ignoreStatement)
            return;
        switch (expect)
        {
            case Expect.ObjectKind:
                ObjectKindWord(keyword, start, end);
                return;
            case Expect.ObjectName:
                if (keyword != SqlSummaryKeyword.Modifier)
                    ObjectName(start, end);
                return;
        }

        if (operationNext && IsOperation(keyword) && !IsFunctionCall(keyword, end))
        {
            BeginOperation(keyword, start, end);
            return;
        }

        if (expect != Expect.None)
        {
            if (keyword == SqlSummaryKeyword.Modifier
                || (expect == Expect.Target && keyword is SqlSummaryKeyword.Into or SqlSummaryKeyword.Replace))
            {
                operationNext = false;
                previousKeyword = keyword;
                return;
            }

            if (IsName(keyword))
            {
                TakeTarget(start, end, RoleOf(expect), expect == Expect.Table);
                return;
            }

            expect = Expect.None;
        }

        Keyword(keyword);
    }

    private void Keyword(SqlSummaryKeyword keyword)
    {
        var bit = DepthBit();
        var inQuery = (queryDepths & bit) != 0;
        var next = false;
        switch (keyword)
        {
            case SqlSummaryKeyword.From:
                // IS DISTINCT FROM compares values; EXTRACT(… FROM …) and the like open a parenthesis without a query.
                if (inQuery && previousKeyword != SqlSummaryKeyword.Quantifier)
                {
                    expect = Expect.Table;
                    listDepths |= bit;
                }

                break;
            case SqlSummaryKeyword.Join or SqlSummaryKeyword.Apply or SqlSummaryKeyword.Using:
                if (inQuery)
                    expect = Expect.Table;
                break;
            case SqlSummaryKeyword.Into:
                if (inQuery)
                    expect = Expect.Target;
                break;
            case SqlSummaryKeyword.SetOperator:
                listDepths &= ~bit;
                next = true;
                break;
            case SqlSummaryKeyword.Quantifier:
                next = previousKeyword == SqlSummaryKeyword.SetOperator;
                break;
            case SqlSummaryKeyword.ClauseEnd:
                listDepths &= ~bit;
                break;
            case SqlSummaryKeyword.OperationNext:
                next = true;
                break;
        }

        previousKeyword = keyword;
        operationNext = next;
        afterInsert = false;
    }

    private void BeginOperation(SqlSummaryKeyword keyword, int start, int end)
    {
        previousKeyword = keyword;
        if (keyword == SqlSummaryKeyword.With)
        {
            // Common table expressions: their queries and the statement after them are what the summary shows.
            operationNext = true;
            return;
        }

        operationNext = false;
        afterInsert = false;
        if (!AppendPart(start, end, out operationPart))
            return;
        // Keywords in one case, so `select` and `SELECT` summarize alike; names stay as written.
        Ascii.ToUpperInPlace(summary[PartText(operationPart)..summaryLength], out _);
        operationPartEnd = summaryLength;
        if (++statementOperations == 1)
        {
            operationStart = PartText(operationPart);
            operationEnd = summaryLength;
        }

        var bit = DepthBit();
        switch (keyword)
        {
            case SqlSummaryKeyword.Select:
                queryDepths |= bit;
                break;
            case SqlSummaryKeyword.Insert or SqlSummaryKeyword.Replace:
                queryDepths |= bit;
                expect = Expect.Target;
                afterInsert = true;
                break;
            case SqlSummaryKeyword.Update:
                // MySQL's multi-table UPDATE a, b names its tables in a list.
                queryDepths |= bit;
                listDepths |= bit;
                expect = Expect.Target;
                break;
            case SqlSummaryKeyword.Delete or SqlSummaryKeyword.Merge:
                queryDepths |= bit;
                expect = Expect.Target;
                break;
            case SqlSummaryKeyword.Execute:
                expect = Expect.Procedure;
                break;
            case SqlSummaryKeyword.Explain:
                operationNext = true;
                break;
            default:
                definition = keyword;
                objectKind = SqlSummaryKeyword.None;
                expect = Expect.ObjectKind;
                break;
        }
    }

    /// <summary>After CREATE, ALTER, DROP or TRUNCATE: modifiers, then the kind of object (TABLE, INDEX…).</summary>
    private void ObjectKindWord(SqlSummaryKeyword keyword, int start, int end)
    {
        switch (keyword)
        {
            case SqlSummaryKeyword.Modifier or SqlSummaryKeyword.Replace or SqlSummaryKeyword.Alter:
                return;
            case SqlSummaryKeyword.ObjectKind or SqlSummaryKeyword.CollectionKind or SqlSummaryKeyword.BodyKind:
                if (ExtendOperation(start, end))
                {
                    objectKind = keyword;
                    expect = Expect.ObjectName;
                }

                return;
            case SqlSummaryKeyword.PrincipalKind:
                ExtendOperation(start, end);
                expect = Expect.None;
                ignoreStatement = true;
                return;
        }

        if (definition == SqlSummaryKeyword.Truncate && IsName(keyword))
        {
            objectKind = SqlSummaryKeyword.CollectionKind;
            ObjectName(start, end);
            return;
        }

        // An object this summary does not know: the operation stands alone.
        expect = Expect.None;
        ignoreStatement = true;
    }

    private void ObjectName(int start, int end)
    {
        TakeTarget(start, end, objectKind == SqlSummaryKeyword.CollectionKind ? TargetRole.Collection : TargetRole.Other, mayBeFunction: false);
        if (definition is SqlSummaryKeyword.Create or SqlSummaryKeyword.Alter)
        {
            // A routine's body may hold statements of its own, separators included; a table's or view's ends at ';'.
            if (objectKind == SqlSummaryKeyword.BodyKind)
                ignoreRest = true;
            else
                ignoreStatement = true;
        }
        else
        {
            nameList = true;
        }
    }

    /// <summary>
    /// Whether the token at <paramref name="start"/> continues the target being read (a dotted name) and was
    /// added to it; any other token ends that target.
    /// </summary>
    private bool ExtendsTarget(int start, int end)
    {
        if (Continues(start))
        {
            ExtendTarget(start, end);
            return true;
        }

        targetEnd = -1;
        return false;
    }

    /// <summary>A quoted name the sanitizer kept.</summary>
    private void NoteName(int start, int end)
    {
        if (summaryFailed || summaryFull || ExtendsTarget(start, end))
            return;
        if (ignoreRest || ignoreStatement)
            return;
        switch (expect)
        {
            case Expect.None:
                operationNext = false;
                previousKeyword = SqlSummaryKeyword.None;
                afterInsert = false;
                return;
            case Expect.ObjectKind:
                if (definition == SqlSummaryKeyword.Truncate)
                {
                    objectKind = SqlSummaryKeyword.CollectionKind;
                    ObjectName(start, end);
                }
                else
                {
                    expect = Expect.None;
                    ignoreStatement = true;
                }

                return;
            case Expect.ObjectName:
                ObjectName(start, end);
                return;
            default:
                TakeTarget(start, end, RoleOf(expect), expect == Expect.Table);
                return;
        }
    }

    /// <summary>A literal, parameter or variable.</summary>
    private void NoteValue()
    {
        targetEnd = -1;
        if (ignoreRest || ignoreStatement)
            return;
        if (expect is Expect.ObjectKind or Expect.ObjectName)
            ignoreStatement = true;
        expect = Expect.None;
        operationNext = false;
        afterInsert = false;
        previousKeyword = SqlSummaryKeyword.None;
    }

    private void NotePunctuation(char c)
    {
        if (summaryFailed || summaryFull)
            return;
        targetEnd = -1;
        if (c == ';')
        {
            EndStatement();
            return;
        }

        if (ignoreRest)
            return;
        previousKeyword = SqlSummaryKeyword.None;
        afterInsert = false;
        switch (c)
        {
            case '(':
                // A subquery, a derived table, a column list or a call: whatever was expected by name is not there.
                if (expect is Expect.ObjectKind or Expect.ObjectName)
                    ignoreStatement = true;
                expect = Expect.None;
                depth++;
                ClearDepth();
                operationNext = true;
                break;
            case ')':
                ClearDepth();
                if (depth > 0)
                    depth--;
                expect = Expect.None;
                operationNext = true;
                break;
            default:
                operationNext = false;
                if (ignoreStatement)
                    break;
                if (nameList && depth == 0)
                    expect = Expect.ObjectName;
                else
                    expect = (listDepths & DepthBit()) != 0 ? Expect.Table : Expect.None;
                break;
        }
    }

    private void EndStatement()
    {
        if (!summarizing)
            return;
        if (summaryLength > statementStart && !summaryFull && !summaryFailed)
        {
            if (previousStatementStart >= 0 && SameAsPrevious())
            {
                summaryLength = statementStart;
            }
            else
            {
                previousStatementStart = statementStart;
                if (++statementsKept == 1)
                {
                    keptOperations = statementOperations;
                    keptTargets = statementTargets;
                    keptOperationStart = operationStart;
                    keptOperationEnd = operationEnd;
                    keptTargetStart = firstTargetStart;
                    keptTargetEnd = firstTargetEnd;
                    keptTargetRole = firstTargetRole;
                }
            }
        }

        statementStart = summaryLength;
        expect = Expect.None;
        operationNext = true;
        afterInsert = false;
        previousKeyword = definition = objectKind = SqlSummaryKeyword.None;
        ignoreStatement = nameList = false;
        depth = 0;
        queryDepths = listDepths = 0;
        targetEnd = targetPart = operationPart = operationPartEnd = operationStart = firstTargetStart = -1;
        statementOperations = statementTargets = 0;
    }

    private readonly bool SameAsPrevious()
    {
        var previous = summary[PartText(previousStatementStart)..statementStart];
        var current = summary[(statementStart + 1)..summaryLength];
        return previous.SequenceEqual(current);
    }

    private void TakeTarget(int start, int end, TargetRole role, bool mayBeFunction)
    {
        var insert = afterInsert;
        expect = Expect.None;
        afterInsert = false;
        previousKeyword = SqlSummaryKeyword.None;
        // INSERT INTO t SELECT …: the query that fills the table follows its name.
        operationNext = insert;
        if (!AppendPart(start, end, out targetPart))
            return;
        targetEnd = end;
        targetMayBeFunction = mayBeFunction;
        if (++statementTargets == 1)
        {
            firstTargetStart = PartText(targetPart);
            firstTargetEnd = summaryLength;
            firstTargetRole = role;
        }

        CheckFunction();
    }

    /// <summary>Whether a name at <paramref name="start"/> continues the target just taken: <c>schema.table</c>.</summary>
    private readonly bool Continues(int start) => targetEnd >= 0 && start == targetEnd + 1 && src[targetEnd] == '.';

    private void ExtendTarget(int start, int end)
    {
        var length = end - start;
        if (summaryLength + 1 + length > MaxSummaryLength)
        {
            // A target is never cut: it goes whole.
            RemoveTarget();
            summaryFull = true;
            return;
        }

        summary[summaryLength++] = '.';
        src[start..end].CopyTo(summary[summaryLength..]);
        summaryLength += length;
        targetEnd = end;
        if (statementTargets == 1 && firstTargetStart == PartText(targetPart))
            firstTargetEnd = summaryLength;
        CheckFunction();
    }

    /// <summary>A name after FROM or JOIN followed by '(' is a table-valued function, not a table.</summary>
    private void CheckFunction()
    {
        if (!targetMayBeFunction || At(targetEnd) == '.')
            return;
        if (At(SkipSpace(targetEnd)) == '(')
            RemoveTarget();
    }

    private void RemoveTarget()
    {
        if (targetPart < 0)
            return;
        if (firstTargetStart == PartText(targetPart))
            firstTargetStart = -1;
        summaryLength = targetPart;
        statementTargets--;
        targetPart = targetEnd = -1;
    }

    /// <summary>Adds the kind of object to the operation: <c>CREATE</c> becomes <c>CREATE TABLE</c>.</summary>
    private bool ExtendOperation(int start, int end)
    {
        var length = end - start;
        if (operationPart < 0 || summaryLength != operationPartEnd)
            return false;
        if (summaryLength + 1 + length > MaxSummaryLength)
        {
            // An operation is never cut: it goes whole.
            if (operationStart == PartText(operationPart))
            {
                operationStart = -1;
                statementOperations--;
            }

            summaryLength = operationPart;
            summaryFull = true;
            return false;
        }

        summary[summaryLength++] = ' ';
        src[start..end].CopyTo(summary[summaryLength..]);
        Ascii.ToUpperInPlace(summary.Slice(summaryLength, length), out _);
        summaryLength += length;
        operationPartEnd = summaryLength;
        if (operationStart == PartText(operationPart))
            operationEnd = summaryLength;
        return true;
    }

    /// <summary>
    /// Appends <c>src[start..end)</c> after a space; <paramref name="part"/> is where it begins, its space included.
    /// False, and nothing more is added, when it does not fit.
    /// </summary>
    private bool AppendPart(int start, int end, out int part)
    {
        var length = end - start;
        var separator = summaryLength > 0 ? 1 : 0;
        part = summaryLength;
        if (summaryLength + separator + length > MaxSummaryLength)
        {
            summaryFull = true;
            part = -1;
            return false;
        }

        if (separator == 1)
            summary[summaryLength++] = ' ';
        src[start..end].CopyTo(summary[summaryLength..]);
        summaryLength += length;
        return true;
    }

    /// <summary>Where the text of a part begins, after its separating space.</summary>
    private static int PartText(int part) => part <= 0 ? 0 : part + 1;

    private readonly ulong DepthBit() => depth <= maxTrackedDepth ? 1UL << depth : 0;

    private void ClearDepth()
    {
        var bit = DepthBit();
        queryDepths &= ~bit;
        listDepths &= ~bit;
    }

    private readonly bool IsFunctionCall(SqlSummaryKeyword keyword, int end)
        // MySQL's INSERT(…) and REPLACE(…) are string functions.
        => keyword is SqlSummaryKeyword.Insert or SqlSummaryKeyword.Replace && At(SkipSpace(end)) == '(';

    private static bool IsOperation(SqlSummaryKeyword keyword)
        => keyword is >= SqlSummaryKeyword.Select and <= SqlSummaryKeyword.Explain;

    /// <summary>Words that may name a table: any that is not a keyword of the statement's shape (a table may be called <c>user</c>).</summary>
    private static bool IsName(SqlSummaryKeyword keyword)
        => keyword is SqlSummaryKeyword.None or >= SqlSummaryKeyword.ObjectKind;

    private static TargetRole RoleOf(Expect expect) => expect == Expect.Procedure ? TargetRole.Procedure : TargetRole.Collection;

    private enum Expect : byte
    {
        None,

        // After FROM, JOIN, USING, APPLY or a comma in a table list; a name followed by '(' is a function.
        Table,

        // After INSERT, UPDATE, DELETE, MERGE, or SELECT … INTO.
        Target,

        // After EXEC, EXECUTE or CALL.
        Procedure,

        // After CREATE, ALTER, DROP or TRUNCATE.
        ObjectKind,

        // After the kind of object.
        ObjectName,
    }

    private enum TargetRole : byte
    {
        Collection,
        Procedure,
        Other,
    }
}
