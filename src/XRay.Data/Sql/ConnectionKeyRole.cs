namespace XRay.Data;

/// <summary>What a connection-string key says about the data source, as far as describing it goes.</summary>
internal enum ConnectionKeyRole
{
    /// <summary>Any other setting: recorded as written.</summary>
    Other,

    /// <summary>A secret (see <see cref="SecretKey"/>): never recorded.</summary>
    Secret,

    /// <summary>The server, host, address or file: the host of the subsegment name.</summary>
    DataSource,

    /// <summary>An ODBC data source name: the host when nothing else names one.</summary>
    DataSourceName,

    /// <summary>The database (catalog).</summary>
    Database,

    /// <summary>The database user.</summary>
    User,

    /// <summary>The ODBC driver or OLE DB provider, which names the engine behind the bridge.</summary>
    Driver,

    /// <summary>SQLite's open mode, where <c>Memory</c> makes a database in-memory.</summary>
    Mode,
}
