using System.Text;

namespace XRay.Data;

/// <summary>
/// How one engine's error messages quote what they report: which quotes may hold a name and after which words, where
/// the span of a value ends, which parenthesized lists are rows of values. <see cref="Redact(string, int, int, int, StringBuilder)"/>
/// replaces every value with <c>?</c> in one left-to-right pass and keeps the wording.
/// </summary>
/// <remarks>
/// Engines do not escape the quotes inside the values they quote, so a value's end cannot be read from the value
/// itself. A value's span therefore runs from its opening quote (which stands in the engine's fixed wording) to the
/// last closing quote of its kind in the segment, or to the last occurrence of the wording the grammar knows to
/// follow it; a list of values runs to the last <c>)</c>; a quote that is never closed runs to the end. Whatever a
/// value holds (quotes, parentheses, new lines, text shaped like the engine's own wording) it lies inside its span.
/// Names are kept only where the engine's wording says a name stands; anything unrecognised is taken as a value.
/// </remarks>
internal sealed partial class ErrorMessageGrammar
{
    private const int NotSearched = -2;

    // Every grammar knows the ASCII quotes and the typographic pairs of translated messages (»…«, „…“, «…», 「…」).
    private const string CommonOpeners = "'\"«»„“‘‚「『";
    private const string CommonClosers = "'\"»«“”’‘」』";

    private ErrorMessageGrammar(string openers, string closers)
    {
        Openers = openers;
        Closers = closers;
    }

    /// <summary>Characters that open a quoted span; the one at the same index of <see cref="Closers"/> closes it.</summary>
    private string Openers { get; }

    private string Closers { get; }

    /// <summary>Openers whose span holds a name when it follows one of <see cref="NameWords"/>.</summary>
    private string NameQuotes { get; init; } = string.Empty;

    /// <summary>An opener whose span always holds a name (MySQL's backtick), or <c>\0</c>.</summary>
    private char IdentifierQuote { get; init; }

    /// <summary>Words that, followed by one space, introduce a quoted name: <c>relation "orders"</c>.</summary>
    private string[] NameWords { get; init; } = [];

    /// <summary>
    /// Wording before a value's opening quote, the wording that follows the value's closing quote (beginning with that
    /// quote), and how the message then ends (before a trailing number): in a message that so ends, the value ends at
    /// the last occurrence of the closing wording, so what follows it stays readable; in one that does not, the value
    /// runs to the end.
    /// </summary>
    private (string Lead, string Close, string Ending)[] ValueEnds { get; init; } = [];

    /// <summary>Wording right before a <c>(</c> that opens a list of values: <c>The duplicate key value is (…)</c>.</summary>
    private string[] ValueListLeads { get; init; } = [];

    /// <summary>
    /// Wording at the start of a detail segment right before a list of column names: <c>Key (email)=(…)</c>. Only a
    /// list so placed, and followed by <c>=</c>, is kept; every other list in a detail segment is a row of values.
    /// </summary>
    private string[] ColumnListLeads { get; init; } = [];

    /// <summary>Wording right before an unquoted number that is a value: <c>value = 300</c>.</summary>
    private string[] NumberLeads { get; init; } = [];

    /// <summary>True when <c>0x…</c> words are bytes of a value (PostgreSQL's encoding errors).</summary>
    private bool HexBytes { get; init; }

    /// <summary>The whole of <paramref name="text"/>, redacted in this grammar.</summary>
    public string Redact(string text)
    {
        var output = new StringBuilder(text.Length);
        Redact(text, 0, text.Length, text.Length, output);
        return output.ToString();
    }

    /// <summary>
    /// Appends <paramref name="text"/> from <paramref name="start"/> to <paramref name="end"/> with every value replaced
    /// by <c>?</c>. From <paramref name="detailFrom"/> on, the text is a detail that reports rows: every parenthesized
    /// list in it is a row of values, except a list of columns where <see cref="ColumnListLeads"/> place one.
    /// </summary>
    public void Redact(string text, int start, int end, int detailFrom, StringBuilder output)
    {
        Span<int> lastClose = stackalloc int[Closers.Length];
        var lastParenthesis = FindLastCloses(text, start, end, lastClose);
        Span<int> lastValueEnd = stackalloc int[ValueEnds.Length];
        lastValueEnd.Fill(NotSearched);
        var columnList = detailFrom < end ? ColumnListAt(text, detailFrom, end) : -1;

        var copied = start;
        var i = start;
        while (i < end)
        {
            var c = text[i];
            int resume;
            var kind = Openers.IndexOf(c);
            if (kind >= 0 && !IsApostrophe(text, i, start, end))
            {
                if (IsNamePosition(text, start, i, c) && text.IndexOf(Closers[kind], i + 1, end - i - 1) is var close and > 0)
                {
                    i = close + 1;
                    continue;
                }

                var last = ValueEnd(text, start, end, i, kind, lastClose, lastValueEnd);
                resume = Enclose(text, start, end, detailFrom, i, last, kind, lastClose, lastParenthesis) + 1;
            }
            else if (c == '(' && (i >= detailFrom || EndsWithAny(text, start, i, ValueListLeads)))
            {
                if (i == columnList && MatchingParenthesis(text, i, end) is var match and > 0 && IsFollowedByEquals(text, match + 1, end))
                {
                    i = match + 1;
                    continue;
                }

                var last = lastParenthesis > i ? lastParenthesis : end - 1;
                resume = Enclose(text, start, end, detailFrom, i, last, -1, lastClose, lastParenthesis) + 1;
            }
            else if (NumberLeads.Length > 0 && IsNumberStart(c) && EndsWithAny(text, start, i, NumberLeads))
            {
                resume = NumberEnd(text, i, end);
            }
            else if (HexBytes && c == '0' && IsHexBytes(text, start, i, end))
            {
                resume = i + 2;
                while (resume < end && char.IsAsciiHexDigit(text[resume]))
                    resume++;
            }
            else
            {
                i++;
                continue;
            }

            output.Append(text, copied, i - copied).Append('?');
            i = copied = resume;
        }

        output.Append(text, copied, end - copied);
    }

    /// <summary>
    /// Fills the index of the last closer of each kind and returns that of the last <c>)</c>; -1 where there is none.
    /// A quote followed by a letter or digit does not close (engines follow a closing quote with a space, punctuation
    /// or the end), so a value that brings its own quote cannot end its span early. One backward pass.
    /// </summary>
    private int FindLastCloses(string text, int start, int end, Span<int> lastClose)
    {
        lastClose.Fill(-1);
        var lastParenthesis = -1;
        for (var j = end - 1; j >= start; j--)
        {
            var c = text[j];
            if (c == ')' && lastParenthesis < 0)
                lastParenthesis = j;
            var kind = Closers.IndexOf(c);
            if (kind >= 0 && lastClose[kind] < 0 && (j + 1 == end || !char.IsLetterOrDigit(text[j + 1])))
                lastClose[kind] = j;
        }

        return lastParenthesis;
    }

    /// <summary>The index of the quote that closes a value opened at <paramref name="open"/>.</summary>
    private int ValueEnd(string text, int start, int end, int open, int kind, Span<int> lastClose, Span<int> lastValueEnd)
    {
        var last = lastClose[kind];
        for (var v = 0; v < ValueEnds.Length; v++)
        {
            var (lead, close, ending) = ValueEnds[v];
            if (close[0] != Closers[kind] || !EndsWith(text, start, open, lead))
                continue;
            // The engine's wording before the value, but not its ending: the text was cut (a SIGNAL's text ends at a
            // NUL) or is not the engine's, so nothing after the quote can be told from the value.
            if (!text.AsSpan(start, end - start).TrimEnd("0123456789").EndsWith(ending, StringComparison.Ordinal))
                return end - 1;
            if (lastValueEnd[v] == NotSearched)
                lastValueEnd[v] = text.LastIndexOf(close, end - 1, end - start, StringComparison.Ordinal);
            if (lastValueEnd[v] > open)
            {
                last = lastValueEnd[v];
                break;
            }
        }

        return last > open ? last : end - 1;
    }

    /// <summary>
    /// Extends a value's span over every span that a quote of another kind, or a row's <c>(</c>, opens inside it: the
    /// value may hold such a quote, and its part after the span's end is still the value. A quote inside it that is
    /// never closed (an odd count of a kind, an opening quote without a closer after it) runs to the end, as any
    /// unbalanced quote does. A closer that also opens another kind (« closes », and opens «…») counts as an opener.
    /// </summary>
    private int Enclose(string text, int start, int end, int detailFrom, int open, int last, int kind, Span<int> lastClose, int lastParenthesis)
    {
        var unclosed = 0u;
        for (var j = open + 1; j <= last && j < end; j++)
        {
            var c = text[j];
            var other = Openers.IndexOf(c);
            if (other >= 0 && other != kind && !IsApostrophe(text, j, start, end))
            {
                if (lastClose[other] > last)
                    last = lastClose[other];
                else if (j == last && kind >= 0 && c == Closers[kind])
                    continue;
                else if (Closers[other] == c)
                    unclosed ^= 1u << other;
                else if (lastClose[other] < j)
                    return end - 1;
            }
            else if (c == '(' && j >= detailFrom && lastParenthesis > last)
            {
                last = lastParenthesis;
            }
        }

        return unclosed == 0 ? last : end - 1;
    }

    private bool IsNamePosition(string text, int start, int open, char quote)
    {
        if (quote == IdentifierQuote)
            return true;
        if (!NameQuotes.Contains(quote, StringComparison.Ordinal) || open - 1 < start || text[open - 1] != ' ')
            return false;
        foreach (var word in NameWords)
        {
            var at = open - 1 - word.Length;
            if (at >= start && text.AsSpan(at, word.Length).Equals(word, StringComparison.OrdinalIgnoreCase)
                && (at == start || !char.IsLetterOrDigit(text[at - 1])))
                return true;
        }

        return false;
    }

    /// <summary>The index of the <c>(</c> of a column list placed by <see cref="ColumnListLeads"/> at the start of a detail; -1 when none.</summary>
    private int ColumnListAt(string text, int detailFrom, int end)
    {
        foreach (var lead in ColumnListLeads)
        {
            var at = detailFrom + lead.Length;
            if (at < end && text[at] == '(' && text.AsSpan(detailFrom, end - detailFrom).StartsWith(lead, StringComparison.Ordinal))
                return at;
        }

        return -1;
    }

    /// <summary>An apostrophe between two letters (<c>doesn't</c>) is wording, not a quote.</summary>
    private static bool IsApostrophe(string text, int index, int start, int end)
        => text[index] is '\'' or '’' && index > start && index + 1 < end && char.IsLetter(text[index - 1]) && char.IsLetter(text[index + 1]);

    private static int MatchingParenthesis(string text, int open, int end)
    {
        var depth = 0;
        for (var j = open; j < end; j++)
        {
            if (text[j] == '(')
                depth++;
            else if (text[j] == ')' && --depth == 0)
                return j;
        }

        return -1;
    }

    private static bool IsFollowedByEquals(string text, int at, int end)
        => at < end && (text[at] == '=' || (text[at] == ' ' && at + 1 < end && text[at + 1] == '='));

    private static bool IsNumberStart(char c) => char.IsAsciiDigit(c) || c is '-' or '+' or '.';

    /// <summary>The end of an unquoted number; a full stop that ends the sentence is left to it.</summary>
    private static int NumberEnd(string text, int at, int end)
    {
        var j = at;
        while (j < end && (char.IsAsciiDigit(text[j]) || text[j] is '-' or '+' or '.' or 'e' or 'E'))
            j++;
        if (j > at + 1 && text[j - 1] == '.' && (j == end || char.IsWhiteSpace(text[j])))
            j--;
        return j;
    }

    private static bool IsHexBytes(string text, int start, int at, int end)
        => at + 2 < end && text[at + 1] is 'x' or 'X' && char.IsAsciiHexDigit(text[at + 2]) && (at == start || !char.IsLetterOrDigit(text[at - 1]));

    private static bool EndsWith(string text, int start, int at, string lead)
        => at - lead.Length >= start && text.AsSpan(at - lead.Length, lead.Length).Equals(lead, StringComparison.OrdinalIgnoreCase);

    private static bool EndsWithAny(string text, int start, int at, string[] leads)
    {
        foreach (var lead in leads)
        {
            if (EndsWith(text, start, at, lead))
                return true;
        }

        return false;
    }
}
