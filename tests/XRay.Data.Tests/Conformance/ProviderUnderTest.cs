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

    private ProviderUnderTest(string name, DbProviderFactory factory, Func<string> connectionString, Func<byte[], string> selectBytes)
    {
        Name = name;
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
        bytes => $"SELECT '\\x{Convert.ToHexString(bytes)}'::bytea;");

    /// <summary>Microsoft.Data.Sqlite in process, each connection on a database of its own in memory.</summary>
    public static ProviderUnderTest Sqlite { get; } = new(
        "Microsoft.Data.Sqlite",
        SqliteFactory.Instance,
        () => "Data Source=:memory:",
        bytes => $"SELECT X'{Convert.ToHexString(bytes)}';");

    public string Name { get; }

    /// <summary>The provider's own factory.</summary>
    public DbProviderFactory Factory { get; }

    public string ConnectionString => connectionString();

    /// <summary>A query of one row and one column holding <paramref name="bytes"/> as a binary value.</summary>
    public string SelectBytes(byte[] bytes) => selectBytes(bytes);

    public override string ToString() => Name;
}
