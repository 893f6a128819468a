using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;

namespace XRay.Data;

/// <summary>
/// What the <c>sql</c> block says about a data source: the subsegment name, engine, driver, user and the scrubbed
/// connection string or URL. Worked out once per provider type and connection string, then cached, so that running
/// a command never parses a connection string.
/// </summary>
internal sealed class ConnectionInfo
{
    // Enough for every data source of a real application; a process that invents connection strings endlessly
    // starts over instead of growing without bound.
    private const int MaxEntries = 256;

    private static readonly ConcurrentDictionary<(Type Provider, string ConnectionString), ConnectionInfo> Cache = new();

    // The info resolved last; most processes talk to one data source, which this answers without hashing.
    private static volatile ConnectionInfo? last;

    private readonly Type providerType;

    // The connection string instance that last resolved to this info; providers return the same instance each time.
    private volatile string? seenConnectionString;
    private volatile string? databaseVersion;
    private volatile bool databaseVersionRead;

    private ConnectionInfo(Type providerType, string subsegmentName, ProviderDescription provider, string? driverVersion, ConnectionSource source)
    {
        this.providerType = providerType;
        SubsegmentName = subsegmentName;
        DatabaseType = provider.DatabaseType;
        Dialect = provider.Dialect;
        DriverVersion = driverVersion;
        Url = source.Url;
        ConnectionString = source.ConnectionString;
        User = source.User;
    }

    /// <summary><c>database@host</c>, cleaned to X-Ray's name rules.</summary>
    public string SubsegmentName { get; }

    /// <summary><c>PostgreSQL</c>, <c>Microsoft SQL Server</c>, <c>MySQL</c>, <c>SQLite</c>, <c>Oracle</c>, or the provider's name.</summary>
    public string DatabaseType { get; }

    /// <summary>The lexical rules the sanitizer applies to this provider's queries.</summary>
    public SqlDialect Dialect { get; }

    /// <summary>The data source as a URL without credentials, when it was given as one.</summary>
    public string? Url { get; }

    /// <summary>The connection string without any secret; null when it could not be parsed (or was a URL).</summary>
    public string? ConnectionString { get; }

    /// <summary>The database user named in the connection string.</summary>
    public string? User { get; }

    /// <summary>The provider assembly's name and version, such as <c>Npgsql 10.0.0</c>.</summary>
    public string? DriverVersion { get; }

    /// <summary>The info for a provider's own connection.</summary>
    public static ConnectionInfo For(DbConnection connection)
    {
        var type = connection.GetType();
        var connectionString = connection.ConnectionString ?? string.Empty;
        var recent = last;
        if (recent is not null && ReferenceEquals(recent.seenConnectionString, connectionString) && recent.providerType == type)
            return recent;
        return Lookup(connection, type, connectionString);
    }

    /// <summary>
    /// The server version the connection reports, read from the first open connection of this data source and then
    /// kept; never a round trip. Null until a connection has been open.
    /// </summary>
    public string? DatabaseVersion(DbConnection connection)
    {
        if (databaseVersionRead)
            return databaseVersion;
        if (connection.State != ConnectionState.Open)
            return null;
        try
        {
            var version = connection.ServerVersion;
            databaseVersion = string.IsNullOrWhiteSpace(version) ? null : version;
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException or NotImplementedException or DbException)
        {
            // A provider that cannot say keeps the field empty rather than asking again for every command.
        }

        databaseVersionRead = true;
        return databaseVersion;
    }

    /// <summary>Empties the cache; for tests that count parses.</summary>
    internal static void ClearCache()
    {
        Cache.Clear();
        last = null;
    }

    /// <summary>How many data sources are cached.</summary>
    internal static int CachedCount => Cache.Count;

    private static ConnectionInfo Lookup(DbConnection connection, Type type, string connectionString)
    {
        var key = (type, connectionString);
        if (!Cache.TryGetValue(key, out var info))
        {
            info = Create(connection, type, connectionString);
            if (Cache.Count >= MaxEntries)
                Cache.Clear();
            info = Cache.GetOrAdd(key, info);
        }

        info.seenConnectionString = connectionString;
        last = info;
        return info;
    }

    private static ConnectionInfo Create(DbConnection connection, Type type, string connectionString)
    {
        var provider = ProviderDescription.Of(type);
        var source = ConnectionSource.Parse(connectionString);
        var host = source.Host ?? ConnectionSource.NormalizeHost(ReadOrNull(connection, static c => c.DataSource));
        var database = source.Database ?? ReadOrNull(connection, static c => c.Database);
        if (string.IsNullOrWhiteSpace(database))
            database = null;

        var name = (database, host) switch
        {
            (not null, not null) => database + "@" + host,
            (null, not null) => host,
            (not null, null) => database,
            _ => provider.DatabaseType,
        };
        return new ConnectionInfo(type, XRayNames.CleanName(name, "database"), provider, ProviderDescription.DriverVersionOf(type), source);
    }

    private static string? ReadOrNull(DbConnection connection, Func<DbConnection, string?> read)
    {
        try
        {
            return read(connection);
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException or NotImplementedException or DbException)
        {
            return null;
        }
    }
}
