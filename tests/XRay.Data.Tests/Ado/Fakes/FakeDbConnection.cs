using System.Data;
using System.Data.Common;

namespace XRay.Data.Tests.Ado.Fakes;

/// <summary>
/// A connection of no provider in particular and without a server: commands return canned results or throw the
/// failure set, for what no real provider can be made to do on demand.
/// </summary>
public class FakeDbConnection : DbConnection
{
    private ConnectionState state = ConnectionState.Closed;
    private string database;

    /// <summary>Creates a closed connection.</summary>
    public FakeDbConnection(string connectionString = "", string dataSource = "", string database = "", string serverVersion = "1.0")
    {
        ConnectionString = connectionString;
        DataSource = dataSource;
        this.database = database;
        ServerVersion = serverVersion;
    }

    /// <summary>What every command's ExecuteScalar returns.</summary>
    public object? ScalarResult { get; set; } = 1;

    /// <summary>What every command's ExecuteNonQuery returns.</summary>
    public int RowsAffected { get; set; } = 1;

    /// <summary>Rows every command's reader returns: one integer column <c>n</c>, values 1..N.</summary>
    public int ReaderRows { get; set; } = 3;

    /// <summary>When set, every command throws it.</summary>
    public Exception? Failure { get; set; }

    /// <summary>How many commands ran.</summary>
    public int Executions { get; set; }

    /// <inheritdoc />
    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string ConnectionString { get; set; }

    /// <inheritdoc />
    public override string Database => database;

    /// <inheritdoc />
    public override string DataSource { get; }

    /// <inheritdoc />
    public override string ServerVersion { get; }

    /// <inheritdoc />
    public override ConnectionState State => state;

    /// <inheritdoc />
    public override void ChangeDatabase(string databaseName) => database = databaseName;

    /// <inheritdoc />
    public override void Close()
    {
        if (state == ConnectionState.Closed)
            return;
        state = ConnectionState.Closed;
        OnStateChange(new StateChangeEventArgs(ConnectionState.Open, ConnectionState.Closed));
    }

    /// <inheritdoc />
    public override void Open()
    {
        state = ConnectionState.Open;
        OnStateChange(new StateChangeEventArgs(ConnectionState.Closed, ConnectionState.Open));
    }

    /// <inheritdoc />
    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => new FakeDbTransaction(this, isolationLevel);

    /// <inheritdoc />
    protected override DbCommand CreateDbCommand() => new FakeDbCommand { Connection = this };
}
