namespace XRay.Data;

/// <summary>
/// How much of a connection-string value may be recorded, decided from its key's role and its form. Every shape
/// names the characters it keeps; the scrubber treats all others of the value as secret.
/// </summary>
internal readonly record struct ConnectionValueShape(ConnectionValueKind Kind, Range Kept, ConnectionUrl Url)
{
    private static readonly char[] UserSeparators = [':', '/'];

    /// <summary>The shape of <paramref name="pair"/>'s value in <paramref name="text"/>.</summary>
    /// <param name="text">The text the pair was read from.</param>
    /// <param name="pair">The pair.</param>
    /// <param name="role">The role of its key.</param>
    /// <param name="fileDataSource">True when data sources are files (SQLite).</param>
    public static ConnectionValueShape Of(string text, in ConnectionStringPair pair, ConnectionKeyRole role, bool fileDataSource)
    {
        var start = pair.ContentStart;
        var end = pair.ContentEnd;
        while (start < end && char.IsWhiteSpace(text[start]))
            start++;
        while (end > start && char.IsWhiteSpace(text[end - 1]))
            end--;
        var shape = Classify(text, start, end, role, fileDataSource);

        // Positions inside a value with doubled quotes are not those of what the provider reads: keep it whole or not at all.
        return pair.Escaped && shape.Kind != ConnectionValueKind.Whole ? new(ConnectionValueKind.Unusable, default, default) : shape;
    }

    private static ConnectionValueShape Classify(string text, int start, int end, ConnectionKeyRole role, bool fileDataSource)
    {
        var content = text.AsSpan(start, end - start);
        if (content.IsEmpty)
            return new(ConnectionValueKind.Whole, new Range(start, end), default);
        var at = content.LastIndexOf('@');
        if (role == ConnectionKeyRole.DataSource && fileDataSource)
        {
            var file = new Range(at >= 0 ? start + at + 1 : start, end);
            return SqliteDataSource.IsRecordable(ConnectionUrl.Slice(text, file))
                ? new(ConnectionValueKind.File, file, default)
                : new(ConnectionValueKind.Unusable, default, default);
        }

        if (ConnectionUrl.LooksLikeUrl(content))
        {
            return ConnectionUrl.TryParse(text, start, end, out var url)
                ? new(ConnectionValueKind.Url, default, url)
                : new(ConnectionValueKind.Unusable, default, default);
        }

        var structured = content.IndexOfAny('=', ';') >= 0;
        switch (role)
        {
            case ConnectionKeyRole.DataSource or ConnectionKeyRole.DataSourceName:
                if (structured)
                    return new(ConnectionValueKind.Unusable, default, default);
                return at >= 0 ? Keep(start + at + 1, end) : Keep(start, end, whole: true);
            case ConnectionKeyRole.User:
                if (structured)
                    return new(ConnectionValueKind.Unusable, default, default);
                var separator = content.IndexOfAny(UserSeparators);
                return separator >= 0 ? Keep(start, start + separator) : Keep(start, end, whole: true);
            default:
                // user:secret@host or user/secret@host, whatever the key.
                if (at >= 0 && content[..at].IndexOfAny(UserSeparators) >= 0)
                    return structured ? new(ConnectionValueKind.Unusable, default, default) : Keep(start + at + 1, end);
                return structured ? new(ConnectionValueKind.Nested, new Range(start, end), default) : Keep(start, end, whole: true);
        }
    }

    private static ConnectionValueShape Keep(int start, int end, bool whole = false)
        => new(whole ? ConnectionValueKind.Whole : ConnectionValueKind.Part, new Range(start, end), default);
}
