namespace XRay.Data;

/// <summary>
/// The <c>sql</c> block of a database subsegment. Connection details never carry a password: they are read from
/// a scrubbed connection string or URL.
/// </summary>
public sealed class SqlData
{
    // Shared with the other calls of the same data source until one of its values is set through this block.
    private SqlConnectionFields connection;

    /// <summary>An empty block.</summary>
    public SqlData() => connection = new SqlConnectionFields();

    /// <summary>A block whose connection details are a data source's, shared.</summary>
    internal SqlData(SqlConnectionFields shared) => connection = shared;

    /// <summary>
    /// The database's URL, for URL-shaped data sources, without credentials: <c>scheme://host[:port]/database</c>.
    /// A URL without a database path is not kept: the CloudWatch agent reads the database name from it and refuses
    /// the whole document when it cannot.
    /// </summary>
    public string? Url
    {
        get => connection.Url;
        set => Own().SetUrl(value, value is not null && IsDatabaseUrl(value));
    }

    /// <summary>The connection string without any secret.</summary>
    public string? ConnectionString
    {
        get => connection.ConnectionString;
        set => Own().ConnectionString = value;
    }

    /// <summary>The query with every literal value removed.</summary>
    public string? SanitizedQuery { get; set; }

    /// <summary>The database engine, such as <c>PostgreSQL</c> or <c>Microsoft SQL Server</c>.</summary>
    public string? DatabaseType
    {
        get => connection.DatabaseType;
        set => Own().DatabaseType = value;
    }

    /// <summary>The server version the connection reported.</summary>
    public string? DatabaseVersion
    {
        get => connection.DatabaseVersion;
        set => Own().DatabaseVersion = value;
    }

    /// <summary>The client library and its version, such as <c>Npgsql 10.0.0</c>.</summary>
    public string? DriverVersion
    {
        get => connection.DriverVersion;
        set => Own().DriverVersion = value;
    }

    /// <summary>The database user name.</summary>
    public string? User
    {
        get => connection.User;
        set => Own().User = value;
    }

    /// <summary><c>statement</c> for query text, <c>call</c> for a stored procedure.</summary>
    public string? Preparation { get; set; }

    /// <summary>What the query did, such as <c>SELECT orders</c>; shown as <c>sql</c> metadata.</summary>
    // Kept here rather than as a metadata entry, so that recording it costs no allocation.
    internal string? QuerySummary { get; set; }

    /// <summary>Set when the last <see cref="Url"/> given was not kept.</summary>
    internal bool UrlRefused => connection.UrlRefused;

    /// <summary>The connection details this block shows, shared or its own.</summary>
    internal SqlConnectionFields ConnectionFields => connection;

    /// <summary>
    /// Whether the CloudWatch agent can read a database name from the URL with its pattern
    /// <c>^(.+//.+)/([^?]+)\??.*$</c> (Go: <c>.</c> stops at a line break, <c>[^?]</c> does not, <c>$</c> is the end
    /// of the text): something, <c>//</c>, an authority, <c>/</c>, then a name that does not begin with <c>?</c>.
    /// </summary>
    internal static bool IsDatabaseUrl(string url)
    {
        var lineBreak = url.IndexOf('\n', StringComparison.Ordinal);
        var firstLine = lineBreak < 0 ? url.Length : lineBreak;
        if (firstLine < 3)
            return false;
        var authority = url.AsSpan(1, firstLine - 1).IndexOf("//", StringComparison.Ordinal) + 1;
        if (authority == 0)
            return false;
        var lastLineBreak = url.LastIndexOf('\n');
        for (var slash = authority + 3; slash < firstLine && slash + 1 < url.Length; slash++)
        {
            if (url[slash] != '/' || url[slash + 1] == '?')
                continue;
            // The name runs to the first '?'; what follows it must stay on one line.
            var query = url.IndexOf('?', slash + 1);
            if (query < 0 || lastLineBreak < query)
                return true;
        }

        return false;
    }

    /// <summary>A block of its own with the same values, for an entity about to change one that calls share.</summary>
    internal SqlData Copy() => (SqlData)MemberwiseClone();

    private SqlConnectionFields Own()
    {
        if (connection.Shared)
            connection = connection.Copy();
        return connection;
    }
}
