using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace XRay.Benchmarks;

/// <summary>A connection that never leaves memory, so a benchmark sees only the caller-thread cost of tracing.</summary>
public sealed class AdoFakeConnection(string connectionString) : DbConnection
{
    private ConnectionState state;

    /// <inheritdoc />
    [AllowNull]
    public override string ConnectionString { get; set; } = connectionString;

    /// <inheritdoc />
    public override string Database => "bench";

    /// <inheritdoc />
    public override string DataSource => "db.example.com";

    /// <inheritdoc />
    public override string ServerVersion => "16.4";

    /// <inheritdoc />
    public override ConnectionState State => state;

    /// <inheritdoc />
    public override void ChangeDatabase(string databaseName)
    {
    }

    /// <inheritdoc />
    public override void Close() => state = ConnectionState.Closed;

    /// <inheritdoc />
    public override void Open() => state = ConnectionState.Open;

    /// <inheritdoc />
    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => throw new NotSupportedException();

    /// <inheritdoc />
    protected override DbCommand CreateDbCommand() => new AdoFakeCommand { Connection = this };
}
