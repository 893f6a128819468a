using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using XRay.Testing;

namespace XRay.Data.Tests.Conformance;

/// <summary>A provider the probes run against, with what little SQL differs between providers.</summary>
public sealed class ProviderUnderTest
{
    private readonly Func<string> connectionString;
    private readonly Func<byte[], string> selectBytes;

    private ProviderUnderTest(
        string name, DbProviderFactory factory, Func<string> connectionString, Func<byte[], string> selectBytes, string selectNestedRow, params (string Provider, string Traced)[] keptDifferences)
    {
        KeptDifferences = keptDifferences;
        Name = name;
        SelectNestedRow = selectNestedRow;
        Factory = factory;
        this.connectionString = connectionString;
        this.selectBytes = selectBytes;
    }

    /// <summary>
    /// Npgsql against the throwaway PostgreSQL server of the test run, without pooling: a pooled connection carries
    /// state from whatever used it before (Npgsql recycles its reader per connection), so two runs could differ by
    /// the connection the pool happened to hand out rather than by what they did.
    /// </summary>
    public static ProviderUnderTest Npgsql { get; } = new(
        "Npgsql",
        NpgsqlFactory.Instance,
        () => TestPostgres.ConnectionString + ";Pooling=false",
        bytes => $"SELECT '\\x{Convert.ToHexString(bytes)}'::bytea;",
        "SELECT ROW(7, 'seven'::text);");

    /// <summary>Microsoft.Data.Sqlite in process, each connection on a database of its own in memory.</summary>
    public static ProviderUnderTest Sqlite { get; } = new(
        "Microsoft.Data.Sqlite",
        SqliteFactory.Instance,
        () => "Data Source=:memory:",
        bytes => $"SELECT X'{Convert.ToHexString(bytes)}';",
        "SELECT 7;",
        // One traced type serves every provider, so it implements what most providers' objects implement (Npgsql's,
        // SqlClient's, MySqlConnector's); SQLite's lack these. Casting works as SQLite's objects do: a clone throws the
        // cast exception of SQLite's own object, the column schema is the one DbDataReader builds for SQLite, and the
        // factory has no services.
        ("connection is ICloneable: Boolean False", "connection is ICloneable: Boolean True"),
        ("command is ICloneable: Boolean False", "command is ICloneable: Boolean True"),
        ("reader is IDbColumnSchemaGenerator: Boolean False", "reader is IDbColumnSchemaGenerator: Boolean True"),
        ("factory is IServiceProvider: Boolean False", "factory is IServiceProvider: Boolean True"));

    public string Name { get; }

    /// <summary>The provider's own factory.</summary>
    public DbProviderFactory Factory { get; }

    public string ConnectionString => connectionString();

    /// <summary>A query of one row and one column holding <paramref name="bytes"/> as a binary value.</summary>
    public string SelectBytes(byte[] bytes) => selectBytes(bytes);

    /// <summary>A query of one row whose one column holds a row, where the provider has such a type.</summary>
    public string SelectNestedRow { get; }

    /// <summary>Lines where the traced transcript may differ from the provider's, as (provider's line, traced line), each with its reason where the provider is declared.</summary>
    public IReadOnlyList<(string Provider, string Traced)> KeptDifferences { get; }

    public override string ToString() => Name;
}
