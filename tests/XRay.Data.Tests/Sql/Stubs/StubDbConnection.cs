using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace XRay.Data.Tests.Sql.Stubs;

/// <summary>
/// A connection without a server that takes any connection string and answers every command with one value. Each
/// descriptive getter can be made to throw, as some providers' do.
/// </summary>
public class StubDbConnection : DbConnection
{
    private string connectionString;
    private ConnectionState state = ConnectionState.Closed;

    /// <summary>Creates a closed connection.</summary>
    public StubDbConnection(string connectionString, string dataSource = "", string database = "", string serverVersion = "1.0")
    {
        this.connectionString = connectionString;
        DataSourceValue = dataSource;
        DatabaseValue = database;
        ServerVersionValue = serverVersion;
    }

    /// <summary>What <see cref="DataSource"/> returns.</summary>
    public string DataSourceValue { get; set; }

    /// <summary>What <see cref="Database"/> returns.</summary>
    public string DatabaseValue { get; set; }

    /// <summary>What <see cref="ServerVersion"/> returns.</summary>
    public string ServerVersionValue { get; set; }

    /// <summary>When set, <see cref="ConnectionString"/>'s getter throws it.</summary>
    public Exception? ConnectionStringFailure { get; set; }

    /// <summary>When set, <see cref="DataSource"/> throws it.</summary>
    public Exception? DataSourceFailure { get; set; }

    /// <summary>When set, <see cref="Database"/> throws it.</summary>
    public Exception? DatabaseFailure { get; set; }

    /// <summary>When set, <see cref="ServerVersion"/> throws it.</summary>
    public Exception? ServerVersionFailure { get; set; }

    /// <summary>What every command returns (as its scalar, and as the one row of its reader).</summary>
    public object Result { get; set; } = 42;

    /// <inheritdoc />
    [AllowNull]
    public override string ConnectionString
    {
        get => ConnectionStringFailure is { } failure ? throw failure : connectionString;
        set => connectionString = value ?? string.Empty;
    }

    /// <inheritdoc />
    public override string Database => DatabaseFailure is { } failure ? throw failure : DatabaseValue;

    /// <inheritdoc />
    public override string DataSource => DataSourceFailure is { } failure ? throw failure : DataSourceValue;

    /// <inheritdoc />
    public override string ServerVersion => ServerVersionFailure is { } failure ? throw failure : ServerVersionValue;

    /// <inheritdoc />
    public override ConnectionState State => state;

    /// <inheritdoc />
    public override void ChangeDatabase(string databaseName) => DatabaseValue = databaseName;

    /// <inheritdoc />
    public override void Close() => state = ConnectionState.Closed;

    /// <inheritdoc />
    public override void Open() => state = ConnectionState.Open;

    /// <inheritdoc />
    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => throw new NotSupportedException();

    /// <inheritdoc />
    protected override DbCommand CreateDbCommand() => new StubDbCommand(this);
}
