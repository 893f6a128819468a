using System.Collections.Concurrent;
using System.Reflection;

namespace XRay.Data;

/// <summary>The engine behind a provider's connection type, and the sanitizer dialect that suits it.</summary>
internal readonly record struct ProviderDescription(string DatabaseType, SqlDialect Dialect)
{
    private static readonly ConcurrentDictionary<Assembly, string?> DriverVersions = new();

    /// <summary>Recognises the common providers by namespace and type name; others are named after their connection type.</summary>
    public static ProviderDescription Of(Type connectionType)
    {
        var ns = connectionType.Namespace ?? string.Empty;
        var name = connectionType.Name;
        if (ns.StartsWith("Npgsql", StringComparison.Ordinal) || name.StartsWith("Npgsql", StringComparison.Ordinal))
            return new("PostgreSQL", SqlDialect.PostgreSql);
        if (ns is "Microsoft.Data.SqlClient" or "System.Data.SqlClient" || name == "SqlConnection")
            return new("Microsoft SQL Server", SqlDialect.SqlServer);
        if (ns.StartsWith("MySql", StringComparison.OrdinalIgnoreCase) || name.StartsWith("MySql", StringComparison.OrdinalIgnoreCase))
            return new("MySQL", SqlDialect.MySql);
        if (ns.Contains("Sqlite", StringComparison.OrdinalIgnoreCase) || name.Contains("Sqlite", StringComparison.OrdinalIgnoreCase))
            return new("SQLite", SqlDialect.Generic);
        if (ns.StartsWith("Oracle", StringComparison.Ordinal) || name.StartsWith("Oracle", StringComparison.Ordinal))
            return new("Oracle", SqlDialect.Generic);

        var provider = name.EndsWith("Connection", StringComparison.Ordinal) && name.Length > "Connection".Length
            ? name[..^"Connection".Length]
            : name;
        return new(provider, SqlDialect.Generic);
    }

    /// <summary>
    /// The dialect of a database type named by <see cref="Of"/>, for a recorded subsegment whose connection is no
    /// longer at hand; <see cref="SqlDialect.Generic"/> for any other name.
    /// </summary>
    public static SqlDialect DialectOf(string? databaseType) => databaseType switch
    {
        "PostgreSQL" => SqlDialect.PostgreSql,
        "Microsoft SQL Server" => SqlDialect.SqlServer,
        "MySQL" => SqlDialect.MySql,
        _ => SqlDialect.Generic,
    };

    /// <summary>The provider assembly's name and version, such as <c>Npgsql 10.0.0</c>.</summary>
    public static string? DriverVersionOf(Type connectionType) => DriverVersions.GetOrAdd(connectionType.Assembly, static assembly =>
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
    });
}
