using System.Data.Common;
using System.Text;

namespace XRay.Data;

/// <summary>
/// A connection string or URL taken apart: host, database and user for the subsegment, and the text to record with
/// every secret removed. Fails closed: what cannot be parsed is not recorded at all.
/// </summary>
internal readonly record struct ConnectionSource(string? Host, string? Database, string? User, string? Url, string? ConnectionString)
{
    private static readonly string[] SecretWords = ["password", "pwd", "psw", "secret", "token", "key", "credential"];
    private static readonly string[] HostKeys = ["host", "server", "data source", "datasource", "address", "addr", "network address", "hostname"];
    private static readonly string[] DatabaseKeys = ["database", "initial catalog", "dbname", "db"];
    private static readonly string[] UserKeys = ["user id", "userid", "uid", "username", "user name", "user"];

    /// <summary>Parses a connection string, or a URL such as <c>postgresql://user@host:5432/db</c>.</summary>
    public static ConnectionSource Parse(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            return default;
        var text = connectionString.Trim();
        return IsUrl(text) ? ParseUrl(text) : ParseKeyValues(text);
    }

    /// <summary>
    /// True for a key that names a secret: <c>Password</c>, <c>Pwd</c>, <c>SSL Password</c>, <c>Access Token</c>,
    /// <c>Client_Secret</c>, <c>SslKey</c> and the like (case, spaces, underscores and dashes ignored).
    /// </summary>
    public static bool IsSecretKey(string key)
    {
        Span<char> buffer = stackalloc char[Math.Min(key.Length, 256)];
        var length = 0;
        foreach (var c in key.AsSpan(0, buffer.Length))
        {
            if (c is not (' ' or '_' or '-' or '.'))
                buffer[length++] = char.ToLowerInvariant(c);
        }

        var normalized = buffer[..length];
        foreach (var word in SecretWords)
        {
            if (normalized.Contains(word, StringComparison.Ordinal))
                return true;
        }

        return false;
    }

    /// <summary>
    /// The bare host of a data source: no scheme, user, port, SQL Server protocol prefix or instance name, and
    /// the first of a list of hosts. <c>tcp://127.0.0.1:5432</c> → <c>127.0.0.1</c>, <c>[::1]:5432</c> → <c>::1</c>,
    /// <c>tcp:myserver,1433</c> → <c>myserver</c>, <c>myhost\instance</c> → <c>myhost</c>, <c>.\SQLEXPRESS</c> →
    /// <c>localhost</c>, <c>(localdb)\MSSQLLocalDB</c> → <c>localdb</c>.
    /// </summary>
    public static string? NormalizeHost(string? dataSource)
    {
        if (string.IsNullOrWhiteSpace(dataSource))
            return null;
        var s = dataSource.AsSpan().Trim();

        var scheme = s.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            s = s[(scheme + 3)..];
            var at = s.LastIndexOf('@');
            if (at >= 0)
                s = s[(at + 1)..];
            var end = s.IndexOfAny('/', '?', '#');
            if (end >= 0)
                s = s[..end];
        }

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
        return s.ToString();
    }

    private static bool IsUrl(string text)
    {
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme <= 0)
            return false;
        if (!char.IsAsciiLetter(text[0]))
            return false;
        foreach (var c in text.AsSpan(0, scheme))
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
                return false;
        }

        return true;
    }

    private static ConnectionSource ParseKeyValues(string text)
    {
        DbConnectionStringBuilder builder;
        try
        {
            builder = new DbConnectionStringBuilder { ConnectionString = text };
        }
        catch (ArgumentException)
        {
            return default;
        }

        string? host = null, database = null, user = null;
        foreach (var key in builder.Keys.Cast<string>().ToArray())
        {
            if (IsSecretKey(key))
            {
                builder.Remove(key);
                continue;
            }

            var value = builder[key]?.ToString();
            if (value is not null && IsUrl(value.Trim()))
            {
                // A value holding a URL (a server given as one) may carry a password of its own.
                value = ParseUrl(value.Trim()).Url;
                if (value is null)
                    builder.Remove(key);
                else
                    builder[key] = value;
            }

            if (string.IsNullOrWhiteSpace(value))
                continue;
            if (host is null && Matches(key, HostKeys))
                host = NormalizeHost(value);
            else if (database is null && Matches(key, DatabaseKeys))
                database = value.Trim();
            else if (user is null && Matches(key, UserKeys))
                user = value.Trim();
        }

        var scrubbed = builder.ConnectionString;
        return new ConnectionSource(host, database, user, null, scrubbed.Length == 0 ? null : scrubbed);
    }

    private static ConnectionSource ParseUrl(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var scheme = url[..schemeEnd];
        var rest = url.AsSpan(schemeEnd + 3);

        // A password may contain '/', '?' or '#' unescaped: everything before the last '@' is user information.
        string? user = null;
        var userPart = ReadOnlySpan<char>.Empty;
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = rest[..at];
            var colon = userInfo.IndexOf(':');
            userPart = colon >= 0 ? userInfo[..colon] : userInfo;
            rest = rest[(at + 1)..];
            if (!userPart.IsEmpty)
                user = Unescape(userPart);
        }

        var authorityEnd = rest.IndexOfAny('/', '?', '#');
        var authority = authorityEnd >= 0 ? rest[..authorityEnd] : rest;
        var tail = authorityEnd >= 0 ? rest[authorityEnd..] : [];
        var fragment = tail.IndexOf('#');
        if (fragment >= 0)
            tail = tail[..fragment];
        var queryStart = tail.IndexOf('?');
        var path = queryStart >= 0 ? tail[..queryStart] : tail;
        var query = queryStart >= 0 ? tail[(queryStart + 1)..] : [];

        var database = path.TrimStart('/');
        var slash = database.IndexOf('/');
        if (slash >= 0)
            database = database[..slash];

        var builder = new StringBuilder(url.Length);
        builder.Append(scheme).Append("://");
        if (!userPart.IsEmpty)
            builder.Append(userPart).Append('@');
        builder.Append(authority).Append(path);
        var separator = '?';
        foreach (var range in query.Split('&'))
        {
            var parameter = query[range];
            if (parameter.IsEmpty)
                continue;
            var equals = parameter.IndexOf('=');
            var key = Unescape(equals >= 0 ? parameter[..equals] : parameter);
            if (IsSecretKey(key))
                continue;
            if (user is null && Matches(key, UserKeys) && equals >= 0)
                user = Unescape(parameter[(equals + 1)..]);
            builder.Append(separator).Append(parameter);
            separator = '&';
        }

        return new ConnectionSource(
            NormalizeHost(scheme + "://" + authority.ToString()),
            database.IsEmpty ? null : Unescape(database),
            user,
            builder.ToString(),
            null);
    }

    private static bool Matches(string key, string[] candidates)
    {
        foreach (var candidate in candidates)
        {
            if (key.Equals(candidate, StringComparison.OrdinalIgnoreCase))
                return true;
        }

        return false;
    }

    private static string Unescape(ReadOnlySpan<char> text)
    {
        try
        {
            return Uri.UnescapeDataString(text.ToString());
        }
        catch (UriFormatException)
        {
            return text.ToString();
        }
    }
}
