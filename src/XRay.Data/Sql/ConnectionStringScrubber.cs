using System.Text;

namespace XRay.Data;

/// <summary>
/// Scrubs a <c>key=value;…</c> connection string: every secret removed, and the fields that name the data source
/// taken from what remains.
/// </summary>
/// <remarks>
/// <para>
/// The text is first read every way a provider might read it — ADO.NET's rules and ODBC's, and each value that holds
/// <c>=</c> or <c>;</c> as a connection string of its own (EF6's <c>provider connection string="…"</c>, OLE DB's
/// <c>Extended Properties='…'</c>), down to <see cref="MaxDepth"/> levels — and every character that any of those
/// readings takes for part of a secret is marked: the value of a secret key, a URL's password, query and properties,
/// the user information before a host, and all that follows a point where a reading fails. <c>PWD={a;b=c}</c> is one
/// braced password to ODBC and <c>PWD={a</c> plus <c>b=c}</c> to ADO.NET: both readings mark <c>a;b=c</c>.
/// </para>
/// <para>
/// The text is then written back under the provider's own grammar, pair by pair, keeping only pairs none of whose
/// recorded characters is marked. A nested connection string with marks inside is written back scrubbed in turn.
/// What the provider's grammar cannot read at all is not recorded (fail closed).
/// </para>
/// </remarks>
internal sealed class ConnectionStringScrubber
{
    /// <summary>How deeply connection strings nested in values are read; deeper values are dropped.</summary>
    public const int MaxDepth = 4;

    private static readonly ConnectionStringGrammar[] Grammars = [ConnectionStringGrammar.Ado, ConnectionStringGrammar.Odbc];

    private readonly string text;
    private readonly bool[] secret;
    private readonly bool fileDataSource;

    private ConnectionStringScrubber(string text, bool fileDataSource, ConnectionFields fields)
    {
        this.text = text;
        this.fileDataSource = fileDataSource;
        secret = new bool[text.Length];
        Fields = fields;
    }

    /// <summary>The fields found in recorded pairs.</summary>
    public ConnectionFields Fields { get; }

    /// <summary>
    /// Scrubs <paramref name="text"/> between the positions. Returns the pairs that may be recorded, under
    /// <paramref name="grammar"/>, or null when the text cannot be read under it.
    /// </summary>
    /// <param name="text">The connection string (or a URL whose properties are scrubbed).</param>
    /// <param name="start">Where the pairs start.</param>
    /// <param name="end">Where they end.</param>
    /// <param name="grammar">The grammar of the provider the text is for.</param>
    /// <param name="fileDataSource">True when the data source is a file (SQLite): recorded by its file name.</param>
    /// <param name="fields">Receives the data source, database, user and driver of the recorded pairs.</param>
    public static string? Scrub(string text, int start, int end, ConnectionStringGrammar grammar, bool fileDataSource, ConnectionFields fields)
    {
        var scrubber = new ConnectionStringScrubber(text, fileDataSource, fields);
        scrubber.MarkSecrets(start, end, depth: 0);
        var output = new StringBuilder(end - start);
        return scrubber.Write(start, end, grammar, depth: 0, output) ? output.ToString() : null;
    }

    private void MarkSecrets(int start, int end, int depth)
    {
        var pairs = new List<ConnectionStringPair>();
        foreach (var grammar in Grammars)
        {
            pairs.Clear();
            var failed = ConnectionStringTokenizer.Tokenize(text, start, end, grammar, pairs);
            if (failed >= 0)
                Mark(failed, end);
            foreach (var pair in pairs)
                MarkSecrets(pair, depth);
        }
    }

    private void MarkSecrets(in ConnectionStringPair pair, int depth)
    {
        var role = ConnectionKeyRoles.Of(pair.Key);
        if (role == ConnectionKeyRole.Secret)
        {
            Mark(pair.ValueStart, pair.ValueEnd);
            return;
        }

        var shape = ConnectionValueShape.Of(text, pair, role, fileDataSource);
        switch (shape.Kind)
        {
            case ConnectionValueKind.Whole:
                return;
            case ConnectionValueKind.Part or ConnectionValueKind.File:
                Mark(pair.ValueStart, shape.Kept.Start.Value);
                Mark(shape.Kept.End.Value, pair.ValueEnd);
                return;
            case ConnectionValueKind.Url:
                // Only what is recorded of a URL stays unmarked: its scheme, user name, host, port and database.
                var url = shape.Url;
                Mark(pair.ValueStart, url.Scheme.Start.Value);
                Mark(url.Scheme.End.Value, url.User.Start.Value);
                Mark(url.User.End.Value, url.Host.Start.Value);
                Mark(url.Host.End.Value, url.Port.Start.Value);
                Mark(Math.Max(url.Host.End.Value, url.Port.End.Value), url.Database.Start.Value);
                Mark(url.Database.End.Value, pair.ValueEnd);
                return;
            case ConnectionValueKind.Nested when depth < MaxDepth:
                MarkSecrets(pair.ContentStart, pair.ContentEnd, depth + 1);
                return;
            default:
                Mark(pair.ValueStart, pair.ValueEnd);
                return;
        }
    }

    private bool Write(int start, int end, ConnectionStringGrammar grammar, int depth, StringBuilder output)
    {
        var pairs = new List<ConnectionStringPair>();
        if (ConnectionStringTokenizer.Tokenize(text, start, end, grammar, pairs) >= 0)
            return false;
        foreach (var pair in pairs)
        {
            var role = ConnectionKeyRoles.Of(pair.Key);
            Fields.Saw(role, depth);
            if (role == ConnectionKeyRole.Secret || IsMarked(pair.KeyStart, pair.KeyEnd))
                continue;
            var value = Write(pair, role, grammar, depth);
            if (value is null)
                continue;
            if (output.Length > 0)
                output.Append(';');
            output.Append(text, pair.KeyStart, pair.KeyEnd - pair.KeyStart).Append('=').Append(value);
        }

        return true;
    }

    // The value to record for a pair, under the grammar it is written in; null when it is not recorded.
    private string? Write(in ConnectionStringPair pair, ConnectionKeyRole role, ConnectionStringGrammar grammar, int depth)
    {
        var shape = ConnectionValueShape.Of(text, pair, role, fileDataSource);
        switch (shape.Kind)
        {
            case ConnectionValueKind.Whole:
                if (IsMarked(pair.ValueStart, pair.ValueEnd))
                    return null;
                Fields.Offer(role, pair.Value(text), depth);
                return text[pair.ValueStart..pair.ValueEnd];
            case ConnectionValueKind.Part:
                if (IsMarked(shape.Kept))
                    return null;
                var part = ConnectionUrl.Slice(text, shape.Kept);
                Fields.Offer(role, part, depth);
                return Quote(part, grammar);
            case ConnectionValueKind.File:
                if (IsMarked(shape.Kept))
                    return null;
                var file = ConnectionUrl.Slice(text, shape.Kept);
                Fields.Offer(role, file, depth);
                return Quote(SqliteDataSource.Display(file), grammar);
            case ConnectionValueKind.Url:
                return WriteUrl(shape.Url, role, grammar, depth);
            case ConnectionValueKind.Nested when depth < MaxDepth:
                var nested = new StringBuilder();
                var readable = Write(pair.ContentStart, pair.ContentEnd, ConnectionStringGrammar.Ado, depth + 1, nested);
                if (!IsMarked(pair.ValueStart, pair.ValueEnd))
                    return text[pair.ValueStart..pair.ValueEnd];
                return readable && nested.Length > 0 ? Quote(nested.ToString(), grammar) : null;
            default:
                return null;
        }
    }

    private string? WriteUrl(in ConnectionUrl url, ConnectionKeyRole role, ConnectionStringGrammar grammar, int depth)
    {
        if (IsMarked(url.Scheme) || IsMarked(url.Host) || IsMarked(url.Port) || IsMarked(url.Database))
            return null;
        var database = ConnectionUrl.Decode(text, url.Database);
        if (role == ConnectionKeyRole.DataSource)
        {
            Fields.Offer(ConnectionKeyRole.DataSource, url.BareHost(text), depth);
            Fields.Offer(ConnectionKeyRole.Database, database, depth + 1);
            if (!IsMarked(url.User))
                Fields.Offer(ConnectionKeyRole.User, ConnectionSource.CleanUser(ConnectionUrl.Decode(text, url.User)), depth + 1);
        }

        return Quote(url.Render(text, database), grammar);
    }

    /// <summary>A value written so that <paramref name="grammar"/> reads it back as it is.</summary>
    internal static string Quote(string value, ConnectionStringGrammar grammar)
    {
        var plain = value.Length == 0
            || (value.AsSpan().IndexOfAny(";'\"={}") < 0 && !char.IsWhiteSpace(value[0]) && !char.IsWhiteSpace(value[^1]) && !value.Any(char.IsControl));
        if (plain)
            return value;
        if (grammar == ConnectionStringGrammar.Odbc)
            return "{" + value.Replace("}", "}}", StringComparison.Ordinal) + "}";
        if (!value.Contains('"', StringComparison.Ordinal))
            return "\"" + value + "\"";
        return value.Contains('\'', StringComparison.Ordinal)
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : "'" + value + "'";
    }

    private void Mark(int start, int end)
    {
        if (start < end)
            secret.AsSpan(start, end - start).Fill(true);
    }

    private bool IsMarked(int start, int end) => start < end && secret.AsSpan(start, end - start).Contains(true);

    private bool IsMarked(Range range) => IsMarked(range.Start.Value, range.End.Value);
}
