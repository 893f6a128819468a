using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;

namespace XRay.Data;

/// <summary>
/// What the <c>sql</c> block says about a data source: the subsegment name, engine, driver, user and the scrubbed
/// connection string or URL. Worked out once per provider type and connection string, then cached, so that running
/// a command never parses a connection string.
/// </summary>
/// <remarks>
/// Describing a connection never throws: whatever a provider's <c>ConnectionString</c>, <c>DataSource</c>,
/// <c>Database</c>, <c>State</c> or <c>ServerVersion</c> throws is caught, and less is recorded.
/// </remarks>
internal sealed class ConnectionInfo
{
    // Enough for every data source of a real application; a process that invents connection strings endlessly
    // starts over instead of growing without bound.
    private const int MaxEntries = 256;

    // Marks cache keys made from the provider's data source and database, for a connection string that cannot be read.
    private const string UnreadableConnectionString = "\0unreadable\0";

    // Slots for the sql blocks calls share, by the identity of the query text: enough for the queries a data source
    // runs over and over; two that meet in a slot take turns, each making a block when the other held it.
    private const int SqlBlockSlots = 64;

    private static readonly ConcurrentDictionary<(Type Provider, string ConnectionString), ConnectionInfo> Cache = new();

    // The info resolved last; most processes talk to one data source, which this answers without hashing.
    private static volatile ConnectionInfo? last;

    private readonly Type providerType;

    // The connection string instance that last resolved to this info; providers return the same instance each time.
    private volatile string? seenConnectionString;
    private volatile bool serverRead;

    // The sql block's connection details, shared by every call's block, and the one place the connection string, user,
    // driver and the server's type and version are kept: replaced by a copy, never changed, once the server is known.
    private volatile SqlConnectionFields sqlFields;

    private readonly SqlData?[] sqlBlocks = new SqlData?[SqlBlockSlots];

    private ConnectionInfo(Type providerType, string subsegmentName, ProviderDescription provider, string? driverVersion, ConnectionSource source, ServerEndpoint endpoint = default)
    {
        this.providerType = providerType;
        SubsegmentName = subsegmentName;
        Endpoint = endpoint;
        Dialect = provider.Dialect;
        Url = source.Url;
        sqlFields = new SqlConnectionFields
        {
            ConnectionString = source.ConnectionString,
            DatabaseType = provider.DatabaseType,
            DriverVersion = driverVersion,
            User = source.User,
        };
        // Judged once here rather than once per command.
        sqlFields.SetUrl(Url, Url is not null && SqlData.IsDatabaseUrl(Url));
        sqlFields.Share();
    }

    /// <summary><c>database@host</c>, cleaned to X-Ray's name rules.</summary>
    public string SubsegmentName { get; }

    /// <summary>
    /// <c>PostgreSQL</c>, <c>Microsoft SQL Server</c>, <c>MySQL</c>, <c>MariaDB</c>, <c>SQLite</c>, <c>Oracle</c>, or the
    /// provider's name. A MySQL provider connected to MariaDB says <c>MariaDB</c> once a connection has been open.
    /// </summary>
    public string DatabaseType => sqlFields.DatabaseType!;

    /// <summary>The lexical rules the sanitizer applies to this provider's queries.</summary>
    public SqlDialect Dialect { get; }

    /// <summary>The data source as <c>scheme://host[:port]/database</c>, when it was given as a URL that names its database.</summary>
    public string? Url { get; }

    /// <summary>The connection string without any secret; null when it could not be read, or when <see cref="Url"/> is set.</summary>
    public string? ConnectionString => sqlFields.ConnectionString;

    /// <summary>The database user named in the connection string.</summary>
    public string? User => sqlFields.User;

    /// <summary>The provider assembly's name and version, such as <c>Npgsql 10.0.0</c>.</summary>
    public string? DriverVersion => sqlFields.DriverVersion;

    /// <summary>The server's host and port and the database, as far as the connection names them.</summary>
    public ServerEndpoint Endpoint { get; }

    /// <summary>How many data sources are cached.</summary>
    internal static int CachedCount => Cache.Count;

    /// <summary>The info for a provider's own connection. Never throws.</summary>
    public static ConnectionInfo For(DbConnection connection)
    {
        var type = connection.GetType();
        string connectionString;
        try
        {
            connectionString = connection.ConnectionString ?? string.Empty;
        }
#pragma warning disable CA1031 // Describing a connection must never break the command; a provider may throw anything here.
        catch (Exception)
#pragma warning restore CA1031
        {
            connectionString = UnreadableKey(connection);
        }

        var recent = last;
        var info = recent is not null && ReferenceEquals(recent.seenConnectionString, connectionString) && recent.providerType == type
            ? recent
            : Lookup(connection, type, connectionString);
        if (!info.serverRead)
            info.ReadServer(connection);
        return info;
    }

    /// <summary>
    /// The server version the connection reports, read from the first open connection of this data source and then
    /// kept; never a round trip. Null until a connection has been open. Never throws.
    /// </summary>
    public string? DatabaseVersion(DbConnection connection) => SqlFieldsFor(connection).DatabaseVersion;

    /// <summary>
    /// The connection details of a <c>sql</c> block, for sharing by every call's block: the server's version and type
    /// once a connection has been open, as <see cref="DatabaseVersion"/> reads them. Never throws.
    /// </summary>
    internal SqlConnectionFields SqlFieldsFor(DbConnection connection)
    {
        if (!serverRead)
            ReadServer(connection);
        return sqlFields;
    }

    /// <summary>
    /// The <c>sql</c> block of a call on this data source that records <paramref name="query"/>, shared by the calls
    /// that record the same text (the same string, as the sanitizer's cache hands it out) while the connection details
    /// stay the same, so that a call allocates none of its own; a text too long to keep gets a block of its own. An
    /// entity copies a shared block before any change. Never throws.
    /// </summary>
    internal SqlData SqlBlockFor(DbConnection connection, string? query, string? preparation, string? summary)
    {
        var fields = SqlFieldsFor(connection);
        // A text longer than the sanitizer keeps is not kept here either: the slots must not hold megabytes of SQL.
        var kept = query is not { Length: > SqlSanitizer.MaxCachedLength };
        ref var slot = ref sqlBlocks[query is null ? 0 : RuntimeHelpers.GetHashCode(query) & (SqlBlockSlots - 1)];
        if (kept && Volatile.Read(ref slot) is { } known && ReferenceEquals(known.ConnectionFields, fields)
            && ReferenceEquals(known.SanitizedQuery, query) && ReferenceEquals(known.Preparation, preparation)
            && ReferenceEquals(known.QuerySummary, summary))
        {
            return known;
        }

        var block = new SqlData(fields) { Preparation = preparation, SanitizedQuery = query, QuerySummary = summary };
        if (kept)
            Volatile.Write(ref slot, block);
        return block;
    }

    /// <summary>Empties the cache; for tests that count parses.</summary>
    internal static void ClearCache()
    {
        Cache.Clear();
        last = null;
    }

    // Reads the server's version once a connection is open: it also tells MariaDB from MySQL.
    private void ReadServer(DbConnection connection)
    {
        try
        {
            if (connection.State != ConnectionState.Open)
                return;
            var known = sqlFields.Copy();
            (known.DatabaseType, known.DatabaseVersion) = ProviderDescription.Server(DatabaseType, connection.ServerVersion);
            sqlFields = known.Share();
        }
#pragma warning disable CA1031 // A provider that cannot say keeps the field empty rather than asking again for every command.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        serverRead = true;
    }

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
        var provider = new ProviderDescription(type.Name, SqlDialect.Generic);
        try
        {
            provider = ProviderDescription.Of(type);
            var source = connectionString.StartsWith(UnreadableConnectionString, StringComparison.Ordinal)
                ? ConnectionSource.Unreadable
                : ConnectionSource.Parse(connectionString, provider.Grammar, provider.FileDataSource);
            provider = provider.WithDriver(source.Driver);
            var (name, endpoint) = Name(connection, provider, source, connectionString);
            return new ConnectionInfo(type, XRayNames.CleanName(name, "database"), provider, ProviderDescription.DriverVersionOf(type), source, endpoint);
        }
#pragma warning disable CA1031 // Whatever goes wrong describing a connection, the command runs and less is recorded.
        catch (Exception)
#pragma warning restore CA1031
        {
            return new ConnectionInfo(type, XRayNames.CleanName(provider.DatabaseType, "database"), provider, null, ConnectionSource.Unreadable);
        }
    }

    // database@host from the scrubbed connection string; the provider's data source and database only for what the
    // connection string does not name at all, normalized so that nothing but a host or a database name can pass.
    private static (string Name, ServerEndpoint Endpoint) Name(DbConnection connection, ProviderDescription provider, ConnectionSource source, string connectionString)
    {
        var dataSource = source.DataSource;
        if (dataSource is null && !(source.Readable && source.NamesDataSource))
            dataSource = ReadOrNull(connection, static c => c.DataSource);

        string? host;
        if (provider.FileDataSource)
            host = dataSource is null ? null : SqliteDataSource.Name(dataSource, source.Mode);
        else
            host = ConnectionSource.NormalizeHost(dataSource) ?? (source.DataSource is null ? ConnectionSource.NormalizeHost(source.DataSourceName) : null);

        var database = source.Database;
        if (database is null && !(source.Readable && source.NamesDatabase))
            database = ReadOrNull(connection, static c => c.Database);
        database = ConnectionSource.NormalizeDatabase(database);

        var name = (database, host) switch
        {
            (not null, not null) => database + "@" + host,
            (null, not null) => host,
            (not null, null) => database,
            _ => provider.DatabaseType,
        };
        var endpoint = provider.FileDataSource
            ? new ServerEndpoint(null, null, database)
            : new ServerEndpoint(host, host is null || !source.Readable ? null : ServerEndpoint.PortOf(connectionString, source.DataSource), database);
        return (name, endpoint);
    }

    private static string UnreadableKey(DbConnection connection)
        => string.Concat(UnreadableConnectionString, ReadOrNull(connection, static c => c.DataSource), "\0", ReadOrNull(connection, static c => c.Database));

    private static string? ReadOrNull(DbConnection connection, Func<DbConnection, string?> read)
    {
        try
        {
            return read(connection);
        }
#pragma warning disable CA1031 // NullReferenceException, ArgumentException, DllNotFoundException…: a provider may throw anything here.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }
}
