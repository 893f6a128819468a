namespace XRay.Data;

/// <summary>
/// Splits a connection string into its <c>key=value</c> pairs exactly as ADO.NET's <c>DbConnectionOptions</c> does
/// under either grammar, keeping every position so that the scrubber can tell which characters belong to which value.
/// </summary>
/// <remarks>
/// Grammar (<c>ws</c> is white space, <c>ctl</c> a control character that is not white space):
/// <code>
/// string   = { ws | ";" } [ pair { ";" { ws | ";" } pair } ] { ws | ";" | NUL }
/// pair     = key ws* "=" ws* [ value ] ws*
/// key      = (any character but "=" and ctl, "==" for "=" under Ado)+         (a ";" inside a key is part of it)
/// value    = "'" { not "'" | "''" } "'"  |  '"' { not '"' | '""' } '"'          (Ado)
///          | "{" { not "}" | "}}" } "}"                                          (Odbc)
///          | plain: not starting with a quote (Ado) or "{" (Odbc), up to ";" or ctl, trimmed; under Ado it may not end with a quote
/// </code>
/// Anything else (a key without <c>=</c>, an unterminated quote, text after a closing quote) is an error at the start
/// of the pair being read, where the provider would throw.
/// </remarks>
internal static class ConnectionStringTokenizer
{
    /// <summary>
    /// Reads the pairs of <paramref name="text"/> between <paramref name="start"/> and <paramref name="end"/> into
    /// <paramref name="pairs"/>. Returns -1 when all of it was read, else the position from which it could not be;
    /// the pairs before that position are still added.
    /// </summary>
    public static int Tokenize(string text, int start, int end, ConnectionStringGrammar grammar, List<ConnectionStringPair> pairs)
    {
        var position = start;
        while (position < end)
        {
            var c = text[position];
            if (c == ';' || char.IsWhiteSpace(c))
            {
                position++;
                continue;
            }

            if (c == '\0')
                return OnlyNullsAndSpaceFrom(text, position, end);
            if (char.IsControl(c))
                return position;

            var pairStart = position;
            position = ReadPair(text, position, end, grammar, pairs);
            if (position < 0)
                return pairStart;
        }

        return -1;
    }

    // Reads one pair starting at a key character; returns the position after it, or -1 when it cannot be read.
    private static int ReadPair(string text, int position, int end, ConnectionStringGrammar grammar, List<ConnectionStringPair> pairs)
    {
        var keyStart = position;
        var escapedKey = false;
        while (true)
        {
            if (position >= end)
                return -1;
            var c = text[position];
            if (c == '=')
            {
                if (grammar == ConnectionStringGrammar.Ado && position + 1 < end && text[position + 1] == '=')
                {
                    escapedKey = true;
                    position += 2;
                    continue;
                }

                break;
            }

            if (char.IsControl(c) && !char.IsWhiteSpace(c))
                return -1;
            position++;
        }

        var keyEnd = position;
        while (keyEnd > keyStart && char.IsWhiteSpace(text[keyEnd - 1]))
            keyEnd--;
        if (keyEnd == keyStart)
            return -1;
        var key = text[keyStart..keyEnd];
        if (escapedKey)
            key = key.Replace("==", "=", StringComparison.Ordinal);

        position++;
        while (position < end && char.IsWhiteSpace(text[position]))
            position++;
        if (position >= end || text[position] is ';' or '\0')
        {
            pairs.Add(new ConnectionStringPair(keyStart, keyEnd, key, position, position, '\0', false));
            return position < end && text[position] == ';' ? position + 1 : position;
        }

        var first = text[position];
        if (char.IsControl(first))
            return -1;
        var quoted = grammar == ConnectionStringGrammar.Ado ? first is '\'' or '"' : first == '{';
        return quoted
            ? ReadQuoted(text, keyStart, keyEnd, key, position, end, pairs)
            : ReadPlain(text, keyStart, keyEnd, key, position, end, grammar, pairs);
    }

    private static int ReadQuoted(string text, int keyStart, int keyEnd, string key, int valueStart, int end, List<ConnectionStringPair> pairs)
    {
        var quote = text[valueStart];
        var close = quote == '{' ? '}' : quote;
        var escaped = false;
        var position = valueStart + 1;
        while (true)
        {
            if (position >= end || text[position] == '\0')
                return -1;
            if (text[position] == close)
            {
                if (position + 1 < end && text[position + 1] == close)
                {
                    escaped = true;
                    position += 2;
                    continue;
                }

                position++;
                break;
            }

            position++;
        }

        pairs.Add(new ConnectionStringPair(keyStart, keyEnd, key, valueStart, position, quote, escaped));
        while (position < end)
        {
            var c = text[position];
            if (c == ';')
                return position + 1;
            if (c == '\0')
                return OnlyNullsAndSpaceFrom(text, position, end) < 0 ? end : -1;
            if (!char.IsWhiteSpace(c))
            {
                // Text after the closing quote: the provider throws, and the pair just added may not be what it meant.
                pairs.RemoveAt(pairs.Count - 1);
                return -1;
            }

            position++;
        }

        return position;
    }

    private static int ReadPlain(
        string text, int keyStart, int keyEnd, string key, int valueStart, int end, ConnectionStringGrammar grammar, List<ConnectionStringPair> pairs)
    {
        var position = valueStart;
        while (position < end)
        {
            var c = text[position];
            if (c == ';' || (char.IsControl(c) && !char.IsWhiteSpace(c)))
                break;
            position++;
        }

        var valueEnd = position;
        while (valueEnd > valueStart && char.IsWhiteSpace(text[valueEnd - 1]))
            valueEnd--;
        if (grammar == ConnectionStringGrammar.Ado && text[valueEnd - 1] is '\'' or '"')
            return -1;
        pairs.Add(new ConnectionStringPair(keyStart, keyEnd, key, valueStart, valueEnd, '\0', false));
        return position < end && text[position] == ';' ? position + 1 : position;
    }

    // After a NUL only further NULs and white space may follow.
    private static int OnlyNullsAndSpaceFrom(string text, int position, int end)
    {
        for (var i = position; i < end; i++)
        {
            if (text[i] != '\0' && !char.IsWhiteSpace(text[i]))
                return i;
        }

        return -1;
    }
}
