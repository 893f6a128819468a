namespace XRay.Data;

/// <summary>
/// A connection string or URL taken apart: what names the data source (host or file, database, user, driver) and the
/// text to record with every secret removed. Every field comes from the one scrubbed reading, never from raw text.
/// Fails closed: what cannot be read is not recorded at all.
/// </summary>
internal sealed record ConnectionSource
{
    // Longer connection strings are not read: no provider needs one, and reading them would cost without bound.
    private const int MaxLength = 32 * 1024;

    /// <summary>Nothing could be read.</summary>
    public static readonly ConnectionSource Unreadable = new();

    /// <summary>True when the text was read; false when nothing of it may be recorded.</summary>
    public bool Readable { get; init; }

    /// <summary>The data source as recorded (host, or file for SQLite), without user information.</summary>
    public string? DataSource { get; init; }

    /// <summary>True when the text names a data source, even one not recorded; the provider's is then not asked for.</summary>
    public bool NamesDataSource { get; init; }

    /// <summary>The database.</summary>
    public string? Database { get; init; }

    /// <summary>True when the text names a database, even one not recorded.</summary>
    public bool NamesDatabase { get; init; }

    /// <summary>The database user.</summary>
    public string? User { get; init; }

    /// <summary>The ODBC driver or OLE DB provider.</summary>
    public string? Driver { get; init; }

    /// <summary>SQLite's open mode.</summary>
    public string? Mode { get; init; }

    /// <summary>An ODBC data source name.</summary>
    public string? DataSourceName { get; init; }

    /// <summary>
    /// <c>scheme://host[:port]/database</c>, for a data source given as a URL whose database is known; always of the
    /// form <c>^(.+//.+)/([^?]+)\??.*$</c> that the X-Ray receiver requires.
    /// </summary>
    public string? Url { get; init; }

    /// <summary>The connection string without any secret; null when it could not be read or <see cref="Url"/> says it all.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>Reads a connection string, or a URL such as <c>postgresql://user@host:5432/db</c>.</summary>
    /// <param name="connectionString">The text.</param>
    /// <param name="grammar">How the provider quotes values.</param>
    /// <param name="fileDataSource">True when the data source is a file (SQLite).</param>
    public static ConnectionSource Parse(string? connectionString, ConnectionStringGrammar grammar = ConnectionStringGrammar.Ado, bool fileDataSource = false)
    {
        if (string.IsNullOrWhiteSpace(connectionString) || connectionString.Length > MaxLength)
            return Unreadable;
        var text = connectionString.Trim();
        var fields = new ConnectionFields { LastWins = grammar == ConnectionStringGrammar.Ado };
        if (!fileDataSource && ConnectionUrl.LooksLikeUrl(text))
            return ParseUrl(text, fields);

        var scrubbed = ConnectionStringScrubber.Scrub(text, 0, text.Length, grammar, fileDataSource, fields);
        if (scrubbed is null)
            return Unreadable;
        return From(fields) with { ConnectionString = scrubbed.Length == 0 ? null : scrubbed };
    }

    /// <summary>A user name without anything after a <c>:</c> or <c>/</c> (<c>user:secret</c>, Oracle's <c>scott/tiger</c>).</summary>
    public static string? CleanUser(string? user)
    {
        if (string.IsNullOrWhiteSpace(user))
            return null;
        var separator = user.AsSpan().IndexOfAny(':', '/');
        var clean = (separator >= 0 ? user[..separator] : user).Trim();
        return clean.Length == 0 ? null : clean;
    }

    /// <summary>
    /// The bare host of a data source: no scheme, user, port, path, SQL Server protocol prefix or instance name, and
    /// the first of a list of hosts. <c>tcp://127.0.0.1:5432</c> → <c>127.0.0.1</c>, <c>[::1]:5432</c> → <c>::1</c>,
    /// <c>tcp:myserver,1433</c> → <c>myserver</c>, <c>myhost\instance</c> → <c>myhost</c>, <c>.\SQLEXPRESS</c> →
    /// <c>localhost</c>, <c>(localdb)\MSSQLLocalDB</c> → <c>localdb</c>, <c>u:secret@h</c> → <c>h</c>. Null unless
    /// what is left looks like a host (letters, digits, <c>.</c>, <c>-</c>, <c>_</c>, inner spaces, or an IPv6 address),
    /// so that nothing else a provider reports as its data source can ride along in the name.
    /// </summary>
    public static string? NormalizeHost(string? dataSource)
    {
        if (string.IsNullOrWhiteSpace(dataSource))
            return null;
        var s = dataSource.AsSpan().Trim();

        var scheme = s.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
            s = s[(scheme + 3)..];
        else if (s.StartsWith("//"))
            s = s[2..];
        var end = s.IndexOfAny('/', '?', '#');
        if (end >= 0)
            s = s[..end];
        var at = s.LastIndexOf('@');
        if (at >= 0)
            s = s[(at + 1)..];

        foreach (var prefix in (ReadOnlySpan<string>)["tcp:", "np:", "lpc:", "admin:"])
        {
            if (s.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                s = s[prefix.Length..];
                break;
            }
        }

        if (s.StartsWith('['))
        {
            var close = s.IndexOf(']');
            s = close > 1 ? s[1..close] : s[1..];
        }
        else
        {
            var comma = s.IndexOf(',');
            if (comma >= 0)
                s = s[..comma];
            var backslash = s.IndexOf('\\');
            if (backslash >= 0)
                s = s[..backslash];
            var colon = s.IndexOf(':');
            if (colon >= 0 && s.LastIndexOf(':') == colon)
                s = s[..colon];
        }

        s = s.Trim();
        if (s.IsEmpty)
            return null;
        if (s is "." || s.Equals("(local)", StringComparison.OrdinalIgnoreCase))
            return "localhost";
        if (s.Equals("(localdb)", StringComparison.OrdinalIgnoreCase))
            return "localdb";
        return s.Contains(':') ? (IsIPv6(s) ? s.ToString() : null) : (IsHostName(s) ? s.ToString() : null);
    }

    /// <summary>A database name as a provider reports it, or null when it holds what no database name does.</summary>
    public static string? NormalizeDatabase(string? database)
    {
        if (string.IsNullOrWhiteSpace(database))
            return null;
        var s = database.Trim();
        return s.AsSpan().IndexOfAny(";=@") >= 0 || s.Any(char.IsControl) ? null : s;
    }

    private static bool IsHostName(ReadOnlySpan<char> host)
    {
        foreach (var c in host)
        {
            if (!(char.IsLetterOrDigit(c) || c is '.' or '-' or '_' or ' '))
                return false;
        }

        return true;
    }

    // Hex digits, colons and dots, then an optional %zone of letters and digits.
    private static bool IsIPv6(ReadOnlySpan<char> host)
    {
        var zone = host.IndexOf('%');
        var address = zone >= 0 ? host[..zone] : host;
        foreach (var c in address)
        {
            if (!(char.IsAsciiHexDigit(c) || c is ':' or '.'))
                return false;
        }

        return zone < 0 || IsHostName(host[(zone + 1)..]);
    }

    private static ConnectionSource ParseUrl(string text, ConnectionFields fields)
    {
        if (!ConnectionUrl.TryParse(text, 0, text.Length, out var url))
            return Unreadable;

        fields.Offer(ConnectionKeyRole.DataSource, url.BareHost(text), 0);
        fields.Saw(ConnectionKeyRole.DataSource, 0);
        fields.Offer(ConnectionKeyRole.Database, ConnectionUrl.Decode(text, url.Database), 0);
        fields.Offer(ConnectionKeyRole.User, CleanUser(ConnectionUrl.Decode(text, url.User)), 0);
        ReadQuery(text, url.Query, fields);

        string? properties = null;
        if (ConnectionUrl.Length(url.Properties) > 0)
        {
            properties = ConnectionStringScrubber.Scrub(text, url.Properties.Start.Value, url.Properties.End.Value, ConnectionStringGrammar.Ado, false, fields);
            if (properties is null)
                return Unreadable;
        }

        var source = From(fields);
        var database = source.Database;
        if (database is not null)
            return source with { Url = url.Render(text, database) };
        var rendered = url.Render(text, null);
        return source with { ConnectionString = string.IsNullOrEmpty(properties) ? rendered : rendered + ";" + properties };
    }

    // The query names a user or database (?user=me@corp.example&dbname=app); nothing else of it is ever recorded.
    private static void ReadQuery(string text, Range query, ConnectionFields fields)
    {
        var span = text.AsSpan(query.Start.Value, ConnectionUrl.Length(query));
        foreach (var range in span.Split('&'))
        {
            var parameter = span[range];
            var equals = parameter.IndexOf('=');
            if (equals <= 0)
                continue;
            var key = Uri.UnescapeDataString(parameter[..equals].ToString());
            var value = Uri.UnescapeDataString(parameter[(equals + 1)..].ToString());
            switch (ConnectionKeyRoles.Of(key))
            {
                case ConnectionKeyRole.User:
                    fields.Offer(ConnectionKeyRole.User, CleanUser(value), 1);
                    break;
                case ConnectionKeyRole.Database:
                    fields.Offer(ConnectionKeyRole.Database, NormalizeDatabase(value), 1);
                    break;
            }
        }
    }

    private static ConnectionSource From(ConnectionFields fields) => new()
    {
        Readable = true,
        DataSource = fields[ConnectionKeyRole.DataSource],
        NamesDataSource = fields.Names(ConnectionKeyRole.DataSource),
        Database = fields[ConnectionKeyRole.Database],
        NamesDatabase = fields.Names(ConnectionKeyRole.Database),
        User = CleanUser(fields[ConnectionKeyRole.User]),
        Driver = fields[ConnectionKeyRole.Driver],
        Mode = fields[ConnectionKeyRole.Mode],
        DataSourceName = fields[ConnectionKeyRole.DataSourceName],
    };
}
