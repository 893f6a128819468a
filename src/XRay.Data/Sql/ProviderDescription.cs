using System.Collections.Concurrent;
using System.Reflection;

namespace XRay.Data;

/// <summary>The engine behind a provider's connection type, the sanitizer dialect that suits it, and how it reads connection strings.</summary>
/// <param name="DatabaseType">The <c>database_type</c> recorded.</param>
/// <param name="Dialect">The lexical rules of the engine's SQL.</param>
/// <param name="Grammar">How the provider quotes connection-string values.</param>
/// <param name="FileDataSource">True when the data source is a file (SQLite), named by its file name.</param>
/// <param name="Bridge">True for ODBC and OLE DB, whose engine is named by the driver in the connection string.</param>
internal readonly record struct ProviderDescription(
    string DatabaseType,
    SqlDialect Dialect,
    ConnectionStringGrammar Grammar = ConnectionStringGrammar.Ado,
    bool FileDataSource = false,
    bool Bridge = false)
{
    /// <summary>The <c>database_type</c> of MySQL.</summary>
    public const string MySqlType = "MySQL";

    /// <summary>The <c>database_type</c> of MariaDB.</summary>
    public const string MariaDbType = "MariaDB";

    private const string SqlServerType = "Microsoft SQL Server";

    // MariaDB before 11 reports its version behind this prefix, which old MySQL clients required.
    private const string MariaDbCompatibilityPrefix = "5.5.5-";

    private static readonly ConcurrentDictionary<Assembly, string?> DriverVersions = new();

    /// <summary>Recognises the common providers by namespace and type name; others are named after their connection type.</summary>
    public static ProviderDescription Of(Type connectionType)
    {
        var ns = connectionType.Namespace ?? string.Empty;
        var name = connectionType.Name;
        if (ns.StartsWith("Npgsql", StringComparison.Ordinal) || name.StartsWith("Npgsql", StringComparison.Ordinal))
            return new("PostgreSQL", SqlDialect.PostgreSql);
        if (ns is "Microsoft.Data.SqlClient" or "System.Data.SqlClient" || name == "SqlConnection")
            return new(SqlServerType, SqlDialect.SqlServer);
        if (ns.StartsWith("MySql", StringComparison.OrdinalIgnoreCase) || name.StartsWith("MySql", StringComparison.OrdinalIgnoreCase))
            return new(MySqlType, SqlDialect.MySql);
        if (ns.Contains("Sqlite", StringComparison.OrdinalIgnoreCase) || name.Contains("Sqlite", StringComparison.OrdinalIgnoreCase))
            return new("SQLite", SqlDialect.Sqlite, FileDataSource: true);
        if (ns == "System.Data.Odbc" || name == "OdbcConnection")
            return new("ODBC", SqlDialect.Generic, ConnectionStringGrammar.Odbc, Bridge: true);
        if (ns == "System.Data.OleDb" || name == "OleDbConnection")
            return new("OLE DB", SqlDialect.Generic, Bridge: true);
        if (ns.StartsWith("Oracle", StringComparison.Ordinal) || name.StartsWith("Oracle", StringComparison.Ordinal))
            return new("Oracle", SqlDialect.Generic);

        var provider = name.EndsWith("Connection", StringComparison.Ordinal) && name.Length > "Connection".Length
            ? name[..^"Connection".Length]
            : name;
        return new(provider, SqlDialect.Generic);
    }

    /// <summary>
    /// For ODBC and OLE DB, the engine the driver or provider named in the connection string is for, when it names
    /// PostgreSQL, MySQL, MariaDB or SQL Server (<c>{PostgreSQL Unicode}</c>, <c>{MariaDB ODBC 3.1 Driver}</c>,
    /// <c>{ODBC Driver 18 for SQL Server}</c>, <c>MSOLEDBSQL</c>); otherwise this description, whose dialect is Generic.
    /// </summary>
    public ProviderDescription WithDriver(string? driver)
    {
        if (!Bridge || string.IsNullOrWhiteSpace(driver))
            return this;
        if (Names(driver, "postgres") || Names(driver, "pgnp"))
            return this with { DatabaseType = "PostgreSQL", Dialect = SqlDialect.PostgreSql };
        if (Names(driver, "mariadb"))
            return this with { DatabaseType = MariaDbType, Dialect = SqlDialect.MySql };
        if (Names(driver, "mysql"))
            return this with { DatabaseType = MySqlType, Dialect = SqlDialect.MySql };
        if (Names(driver, "sql server") || Names(driver, "sqlserver") || Names(driver, "sqlncli") || Names(driver, "sqloledb")
            || Names(driver, "msoledbsql") || Names(driver, "sql native client"))
            return this with { DatabaseType = SqlServerType, Dialect = SqlDialect.SqlServer };
        return this;
    }

    /// <summary>
    /// The engine and version a server reports: a MySQL-protocol server whose version names MariaDB is
    /// <c>MariaDB</c>, its version without the <c>5.5.5-</c> compatibility prefix
    /// (<c>5.5.5-10.11.19-MariaDB-0+deb12u1</c> → <c>10.11.19-MariaDB-0+deb12u1</c>).
    /// </summary>
    public static (string DatabaseType, string? Version) Server(string databaseType, string? version)
    {
        if (string.IsNullOrWhiteSpace(version))
            return (databaseType, null);
        version = version.Trim();
        if (databaseType is not (MySqlType or MariaDbType) || !version.Contains("mariadb", StringComparison.OrdinalIgnoreCase))
            return (databaseType, version);
        if (version.StartsWith(MariaDbCompatibilityPrefix, StringComparison.Ordinal) && version.Length > MariaDbCompatibilityPrefix.Length
            && char.IsAsciiDigit(version[MariaDbCompatibilityPrefix.Length]))
            version = version[MariaDbCompatibilityPrefix.Length..];
        return (MariaDbType, version);
    }

    /// <summary>The provider assembly's name and version, such as <c>Npgsql 10.0.0</c>; null when it cannot be read.</summary>
    public static string? DriverVersionOf(Type connectionType) => DriverVersions.GetOrAdd(connectionType.Assembly, static assembly =>
    {
        try
        {
            var name = assembly.GetName();
            var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            if (version is not null)
            {
                // Source-link builds append "+commit"; the release number is what identifies the driver.
                var plus = version.IndexOf('+', StringComparison.Ordinal);
                version = plus >= 0 ? version[..plus] : version;
            }

            if (string.IsNullOrWhiteSpace(version))
                version = name.Version?.ToString(3);
            return version is null ? name.Name : $"{name.Name} {version}";
        }
#pragma warning disable CA1031 // An assembly whose attributes cannot be read records no driver version.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    });

    private static bool Names(string driver, string engine) => driver.Contains(engine, StringComparison.OrdinalIgnoreCase);
}
