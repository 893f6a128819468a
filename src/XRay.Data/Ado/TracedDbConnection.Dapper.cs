using System.Data;
using System.Diagnostics.CodeAnalysis;

namespace XRay.Data;

/// <remarks>
/// Dapper turns on PostgreSQL array parameters (<c>where id = any(@ids)</c> with an <c>int[]</c>) only when
/// <c>IDbCommand.Connection.GetType().Name</c> is <c>NpgsqlConnection</c>; for any other name it expands the array
/// into <c>(@ids1,@ids2,…)</c>, which breaks <c>= any(…)</c>. A traced command therefore reports, through
/// <see cref="IDbCommand.Connection"/> only, a stand-in of that name which delegates every call to this traced
/// connection: Dapper keeps the provider's features and every command still runs through the traced command.
/// The typed <see cref="System.Data.Common.DbCommand.Connection"/> still returns this connection itself.
/// </remarks>
public sealed partial class TracedDbConnection
{
    private IDbConnection? providerNamed;

    /// <summary>What a traced command reports as its <see cref="IDbCommand.Connection"/>.</summary>
    internal IDbConnection ProviderNamedConnection => providerNamed ??= InnerConnection.GetType().Name switch
    {
        nameof(NpgsqlConnection) => new NpgsqlConnection(this),
        nameof(ClickHouseConnection) => new ClickHouseConnection(this),
        _ => this,
    };

    /// <summary>The traced connection behind a stand-in handed out as <see cref="IDbCommand.Connection"/>.</summary>
    internal static TracedDbConnection? FromProviderNamed(IDbConnection connection) => (connection as ProviderNamed)?.Traced;

    /// <summary>A connection named like the provider's, so name-based feature detection sees the provider.</summary>
    private abstract class ProviderNamed(TracedDbConnection traced) : IDbConnection
    {
        public TracedDbConnection Traced => traced;

        [AllowNull]
        public string ConnectionString
        {
            get => traced.ConnectionString;
            set => traced.ConnectionString = value;
        }

        public int ConnectionTimeout => traced.ConnectionTimeout;

        public string Database => traced.Database;

        public ConnectionState State => traced.State;

        public IDbTransaction BeginTransaction() => traced.BeginTransaction();

        public IDbTransaction BeginTransaction(IsolationLevel il) => traced.BeginTransaction(il);

        public void ChangeDatabase(string databaseName) => traced.ChangeDatabase(databaseName);

        public void Close() => traced.Close();

        public IDbCommand CreateCommand() => traced.CreateCommand();

        public void Open() => traced.Open();

        public void Dispose() => traced.Dispose();
    }

    private sealed class NpgsqlConnection(TracedDbConnection traced) : ProviderNamed(traced);

    private sealed class ClickHouseConnection(TracedDbConnection traced) : ProviderNamed(traced);
}
