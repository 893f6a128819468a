namespace XRay.Data;

/// <summary>
/// The <c>sql</c> block of a database subsegment. Connection details never carry a password: they are read from
/// a scrubbed connection string or URL.
/// </summary>
public sealed class SqlData
{
    /// <summary>The database's URL, for URL-shaped data sources, without credentials.</summary>
    public string? Url { get; set; }

    /// <summary>The connection string without any secret.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The query with every literal value removed.</summary>
    public string? SanitizedQuery { get; set; }

    /// <summary>The database engine, such as <c>PostgreSQL</c> or <c>Microsoft SQL Server</c>.</summary>
    public string? DatabaseType { get; set; }

    /// <summary>The server version the connection reported.</summary>
    public string? DatabaseVersion { get; set; }

    /// <summary>The client library and its version, such as <c>Npgsql 10.0.0</c>.</summary>
    public string? DriverVersion { get; set; }

    /// <summary>The database user name.</summary>
    public string? User { get; set; }

    /// <summary><c>statement</c> for query text, <c>call</c> for a stored procedure.</summary>
    public string? Preparation { get; set; }

    /// <summary>Rows a command inserted, updated or deleted; -1 when unknown. Shown as <c>sql</c> metadata.</summary>
    // Kept here rather than as a metadata entry so that recording it costs no allocation per command.
    internal long RowsAffected { get; set; } = -1;

    /// <summary>Rows read from a data reader; -1 when unknown. Shown as <c>sql</c> metadata.</summary>
    internal long RowsRead { get; set; } = -1;

    /// <summary>How many metadata entries the block contributes to its entity, under <c>sql</c>.</summary>
    internal int MetadataCount => (RowsAffected >= 0 ? 1 : 0) + (RowsRead >= 0 ? 1 : 0);

    /// <summary>The block's metadata entries: <c>rows_affected</c>, then <c>rows_read</c>, those that are known.</summary>
    internal MetadataEntry MetadataAt(int index)
        => index == 0 && RowsAffected >= 0
            ? new MetadataEntry(MetadataNamespace, "rows_affected", RecordedValue.Of(RowsAffected))
            : new MetadataEntry(MetadataNamespace, "rows_read", RecordedValue.Of(RowsRead));

    private const string MetadataNamespace = "sql";
}
