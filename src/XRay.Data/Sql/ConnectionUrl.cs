namespace XRay.Data;

/// <summary>
/// A data source given as a URL (<c>postgresql://user:secret@host:5432/app?sslmode=require</c>,
/// <c>sqlserver://host:1433;databaseName=app;user=sa</c>), read into the parts that may be recorded. Positions are in
/// the text it was read from.
/// </summary>
/// <remarks>
/// Grammar, read left to right; the first character that ends a part decides, so a separator inside a password
/// never moves the host:
/// <code>
/// url        = scheme "://" authority [ path ] [ "?" query ] [ ";" properties ]
/// scheme     = letter { letter | digit | "+" | "-" | "." | ":" }                  (jdbc:postgresql is one scheme)
/// authority  = [ userinfo "@" ] host [ ":" port ] { "," host [ ":" port ] }     (up to the first "/", "?", "#" or ";")
/// userinfo   = user [ ":" password ]                                             (up to the authority's last "@")
/// host       = "[" ipv6 "]" | name of letters, digits, ".", "-", "_"
/// port       = digit{1,5}
/// path       = "/" [ database ] { "/" … }                                       (up to "?", "#" or ";")
/// query      = name=value { "&amp;" name=value }                                     (up to "#" or ";")
/// properties = key=value { ";" key=value }                                       (a connection string of their own)
/// </code>
/// It fails closed: a port that is not a number (<c>postgres://user:secret/app</c> has no host), an <c>@</c> in the
/// path, or a fragment (both the mark of a password holding an unescaped <c>/</c>, <c>?</c> or <c>#</c>) make the URL
/// unreadable, and nothing of it is recorded.
/// </remarks>
internal readonly record struct ConnectionUrl
{
    /// <summary>The URL's scheme, as written.</summary>
    public required Range Scheme { get; init; }

    /// <summary>The first host, brackets included for an IPv6 address.</summary>
    public required Range Host { get; init; }

    /// <summary>The first host's port; empty when none.</summary>
    public required Range Port { get; init; }

    /// <summary>The user name of the user information, percent-encoded; empty when none.</summary>
    public required Range User { get; init; }

    /// <summary>The first path segment, percent-encoded; empty when none.</summary>
    public required Range Database { get; init; }

    /// <summary>The query string, without its <c>?</c>; empty when none.</summary>
    public required Range Query { get; init; }

    /// <summary>The <c>;key=value</c> properties, without the first <c>;</c>; empty when none.</summary>
    public required Range Properties { get; init; }

    /// <summary>True when <paramref name="text"/> starts with <c>scheme://</c>.</summary>
    public static bool LooksLikeUrl(ReadOnlySpan<char> text)
    {
        var separator = text.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0 || !char.IsAsciiLetter(text[0]))
            return false;
        foreach (var c in text[..separator])
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.' or ':'))
                return false;
        }

        return true;
    }

    /// <summary>Reads the URL between <paramref name="start"/> and <paramref name="end"/>; false when it cannot be read safely.</summary>
    public static bool TryParse(string text, int start, int end, out ConnectionUrl url)
    {
        url = default;
        var span = text.AsSpan(start, end - start);
        if (!LooksLikeUrl(span))
            return false;
        var schemeEnd = start + span.IndexOf("://", StringComparison.Ordinal);
        var authorityStart = schemeEnd + 3;
        var authorityEnd = IndexOfAny(text, authorityStart, end, "/?#;");
        var pathEnd = IndexOfAny(text, authorityEnd, end, "?#;");
        var queryEnd = IndexOfAny(text, pathEnd, end, "#;");
        if (queryEnd < end && text[queryEnd] == '#')
            return false;

        var at = text.LastIndexOf('@', authorityEnd - 1, authorityEnd - authorityStart);
        var user = new Range(authorityStart, authorityStart);
        var hostsStart = authorityStart;
        if (at >= 0)
        {
            var colon = text.IndexOf(':', authorityStart, at - authorityStart);
            user = new Range(authorityStart, colon >= 0 ? colon : at);
            hostsStart = at + 1;
        }

        var hostsEnd = IndexOfAny(text, hostsStart, authorityEnd, ",");
        if (!TryReadHost(text, hostsStart, hostsEnd, out var host, out var port))
            return false;

        var path = text.AsSpan(authorityEnd, pathEnd - authorityEnd);
        if (path.Contains('@'))
            return false;
        var database = new Range(authorityEnd, authorityEnd);
        if (!path.IsEmpty)
        {
            var segmentEnd = IndexOfAny(text, authorityEnd + 1, pathEnd, "/");
            database = new Range(authorityEnd + 1, segmentEnd);
        }

        url = new ConnectionUrl
        {
            Scheme = new Range(start, schemeEnd),
            Host = host,
            Port = port,
            User = user,
            Database = database,
            Query = pathEnd < queryEnd ? new Range(pathEnd + 1, queryEnd) : new Range(queryEnd, queryEnd),
            Properties = queryEnd < end ? new Range(queryEnd + 1, end) : new Range(end, end),
        };
        return true;
    }

    /// <summary>
    /// <c>scheme://host[:port][/database]</c> for the given database (percent-encoded here), without user information,
    /// query or properties.
    /// </summary>
    public string Render(string text, string? database)
    {
        var rendered = string.Concat(text.AsSpan(Scheme.Start.Value, Scheme.End.Value - Scheme.Start.Value), "://", Slice(text, Host));
        if (Length(Port) > 0)
            rendered = string.Concat(rendered, ":", Slice(text, Port));
        return string.IsNullOrEmpty(database) ? rendered : rendered + "/" + Uri.EscapeDataString(database);
    }

    /// <summary>The host without IPv6 brackets, for the subsegment name.</summary>
    public string BareHost(string text) => Slice(text, Host).Trim('[', ']');

    /// <summary>The percent-decoded text of a part.</summary>
    public static string Decode(string text, Range part) => Uri.UnescapeDataString(Slice(text, part));

    /// <summary>The text of a part.</summary>
    public static string Slice(string text, Range part) => text[part.Start.Value..part.End.Value];

    /// <summary>The length of a part.</summary>
    public static int Length(Range part) => part.End.Value - part.Start.Value;

    private static bool TryReadHost(string text, int start, int end, out Range host, out Range port)
    {
        host = port = default;
        if (start >= end)
            return false;
        int hostEnd;
        if (text[start] == '[')
        {
            var close = text.IndexOf(']', start, end - start);
            if (close < 0 || close == start + 1)
                return false;
            foreach (var c in text.AsSpan(start + 1, close - start - 1))
            {
                if (!(char.IsAsciiHexDigit(c) || c is ':' or '.' or '%' || char.IsAsciiLetterOrDigit(c)))
                    return false;
            }

            hostEnd = close + 1;
        }
        else
        {
            hostEnd = IndexOfAny(text, start, end, ":");
            if (hostEnd == start)
                return false;
            foreach (var c in text.AsSpan(start, hostEnd - start))
            {
                if (!(char.IsLetterOrDigit(c) || c is '.' or '-' or '_'))
                    return false;
            }
        }

        host = new Range(start, hostEnd);
        port = new Range(end, end);
        if (hostEnd == end)
            return true;
        if (text[hostEnd] != ':' || end - hostEnd - 1 is < 1 or > 5)
            return false;
        foreach (var c in text.AsSpan(hostEnd + 1, end - hostEnd - 1))
        {
            if (!char.IsAsciiDigit(c))
                return false;
        }

        port = new Range(hostEnd + 1, end);
        return true;
    }

    private static int IndexOfAny(string text, int start, int end, string separators)
    {
        var index = text.AsSpan(start, end - start).IndexOfAny(separators);
        return index < 0 ? end : start + index;
    }
}
