using System.Data;
using System.Data.Common;
using XRay.Testing;

namespace XRay.Data.Tests.Conformance;

internal static partial class Probes
{
    public static Task Connection_properties_before_open(ProbeContext p)
    {
        var connection = p.NewConnection();
        p.Log.Get("ConnectionString", () => connection.ConnectionString);
        p.Log.Get("State", () => connection.State);
        p.Log.Get("Database", () => connection.Database);
        p.Log.Get("DataSource", () => connection.DataSource);
        p.Log.Get("ConnectionTimeout", () => connection.ConnectionTimeout);
        p.Log.Get("ServerVersion", () => connection.ServerVersion);
        p.Log.Get("CanCreateBatch", () => connection.CanCreateBatch);
        p.Log.Get("factory", () => DbProviderFactories.GetFactory(connection));
        return Task.CompletedTask;
    }

    public static Task Connection_string_round_trips(ProbeContext p)
    {
        var connection = p.NewConnection();
        p.Log.Do("set null", () => connection.ConnectionString = null);
        p.Log.Get("after null", () => connection.ConnectionString);
        p.Log.Do("set empty", () => connection.ConnectionString = "");
        p.Log.Get("after empty", () => connection.ConnectionString);
        p.Log.Do("set invalid", () => connection.ConnectionString = "xyzzy=Invalid");
        p.Log.Get("after invalid", () => connection.ConnectionString);
        p.Log.Do("set valid", () => connection.ConnectionString = p.ConnectionString);
        p.Log.Note("after valid is what was set", connection.ConnectionString == p.ConnectionString);
        p.Log.Get("State", () => connection.State);
        return Task.CompletedTask;
    }

    public static async Task Connection_open_and_close(ProbeContext p)
    {
        var connection = p.Connection();
        p.Watch(connection);
        await p.Log.DoAsync("open", () => p.Mode.OpenAsync(connection));
        p.Log.Get("State", () => connection.State);
        p.Log.Get("Database", () => connection.Database);
        p.Log.Get("DataSource", () => connection.DataSource);
        p.Log.Get("ServerVersion", () => connection.ServerVersion);
        p.Log.Note("after open, ConnectionString is what was set", connection.ConnectionString == p.ConnectionString);
        p.Log.Do("set ConnectionString while open", () => connection.ConnectionString = p.ConnectionString + ";");
        await p.Log.DoAsync("open again", () => p.Mode.OpenAsync(connection));
        p.Log.Get("State", () => connection.State);
        await p.Log.DoAsync("close", () => p.CloseAsync(connection));
        await p.Log.DoAsync("close again", () => p.CloseAsync(connection));
        p.Log.Get("State", () => connection.State);
        p.Log.Get("Database", () => connection.Database);
        p.Log.Get("ServerVersion", () => connection.ServerVersion);
        await p.Log.DoAsync("reopen", () => p.Mode.OpenAsync(connection));
        p.Log.Get("State", () => connection.State);
    }

    public static async Task Connection_open_without_connection_string(ProbeContext p)
    {
        var connection = p.NewConnection();
        p.Watch(connection);
        await p.Log.DoAsync("open", () => p.Mode.OpenAsync(connection));
        p.Log.Get("State", () => connection.State);
    }

    public static async Task Connection_open_with_canceled_token(ProbeContext p)
    {
        var connection = p.Connection();
        p.Watch(connection);
        await p.Log.DoAsync("OpenAsync", () => connection.OpenAsync(ProbeContext.Canceled));
        p.Log.Get("State", () => connection.State);
    }

    public static async Task Connection_close_before_open(ProbeContext p)
    {
        var connection = p.Connection();
        p.Watch(connection);
        await p.Log.DoAsync("close", () => p.CloseAsync(connection));
        p.Log.Get("State", () => connection.State);
    }

    public static async Task Connection_dispose_open(ProbeContext p)
    {
        var connection = await p.OpenAsync();
        p.Watch(connection);
        await p.Log.DoAsync("dispose", () => p.Mode.DisposeAsync(connection));
        p.Log.Get("State", () => connection.State);
        await p.Log.DoAsync("dispose again", () => p.Mode.DisposeAsync(connection));
        p.Log.Note("ConnectionString is what was set", connection.ConnectionString == p.ConnectionString);
        p.Log.Get("Database", () => connection.Database);
        p.Log.Get("CreateCommand", () => connection.CreateCommand());
        p.Log.Get("BeginTransaction", () => connection.BeginTransaction());
        await p.Log.DoAsync("open", () => p.Mode.OpenAsync(connection));
        p.Log.Get("State", () => connection.State);
    }

    public static async Task Connection_dispose_closed(ProbeContext p)
    {
        var connection = p.Connection();
        p.Watch(connection);
        await p.Log.DoAsync("dispose", () => p.Mode.DisposeAsync(connection));
        await p.Log.DoAsync("dispose again", () => p.Mode.DisposeAsync(connection));
        p.Log.Get("State", () => connection.State);
    }

    public static async Task Connection_dispose_then_use(ProbeContext p)
    {
        var connection = p.NewConnection();
        await p.Log.DoAsync("dispose", () => p.Mode.DisposeAsync(connection));
        p.Log.Do("set ConnectionString", () => connection.ConnectionString = p.ConnectionString);
        await p.Log.DoAsync("open", () => p.Mode.OpenAsync(connection));
        p.Log.Get("State", () => connection.State);
    }

    public static async Task Connection_creates_commands(ProbeContext p)
    {
        var connection = await p.OpenAsync();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        p.Log.Note("command's connection", command.Connection);
        p.Log.Note("command's transaction", command.Transaction);
        p.Log.Get("command's text", () => command.CommandText);
        p.Log.Get("command's timeout", () => command.CommandTimeout);
        p.Log.Get("command's type", () => command.CommandType);
        p.Log.Get("IDbCommand's connection is null", () => ((IDbCommand)command).Connection is null);
        p.Log.Get("IDbCommand's connection state", () => ((IDbCommand)command).Connection!.State);
        p.Log.Get("IDbCommand's connection database", () => ((IDbCommand)command).Connection!.Database);
        p.Log.Get("IDbCommand's transaction is the transaction", () => ReferenceEquals(((IDbCommand)command).Transaction, transaction));
    }

    public static async Task Connection_change_database(ProbeContext p)
    {
        var connection = await p.OpenAsync();
        var database = connection.Database;
        p.Watch(connection);
        if (p.IsAsync)
            await p.Log.DoAsync("ChangeDatabaseAsync", () => connection.ChangeDatabaseAsync(database));
        else
            p.Log.Do("ChangeDatabase", () => connection.ChangeDatabase(database));
        p.Log.Get("State", () => connection.State);
        p.Log.Note("Database is the same", connection.Database == database);
    }

    public static async Task Connection_schema(ProbeContext p)
    {
        var connection = await p.OpenAsync();
        if (p.IsAsync)
        {
            await p.Log.GetAsync("GetSchemaAsync()", () => connection.GetSchemaAsync());
            await p.Log.GetAsync("GetSchemaAsync(MetaDataCollections)", () => connection.GetSchemaAsync("MetaDataCollections"));
            await p.Log.GetAsync("GetSchemaAsync(DataSourceInformation)", () => connection.GetSchemaAsync("DataSourceInformation"));
            await p.Log.GetAsync("GetSchemaAsync(NoSuchCollection)", () => connection.GetSchemaAsync("NoSuchCollection"));
            await p.Log.GetAsync("GetSchemaAsync canceled", () => connection.GetSchemaAsync(ProbeContext.Canceled));
        }
        else
        {
            p.Log.Get("GetSchema()", () => connection.GetSchema());
            p.Log.Get("GetSchema(MetaDataCollections)", () => connection.GetSchema("MetaDataCollections"));
            p.Log.Get("GetSchema(DataSourceInformation)", () => connection.GetSchema("DataSourceInformation"));
            p.Log.Get("GetSchema(NoSuchCollection)", () => connection.GetSchema("NoSuchCollection"));
        }
    }

    public static async Task Connection_schema_when_closed(ProbeContext p)
    {
        var connection = p.Connection();
        await p.Log.GetAsync("GetSchema", async () => p.IsAsync ? await connection.GetSchemaAsync("MetaDataCollections") : connection.GetSchema("MetaDataCollections"));
    }

    public static async Task Connection_begin_transaction(ProbeContext p)
    {
        var closed = p.Connection("closed");
        await p.Log.GetAsync("begin on closed", () => p.Mode.BeginTransactionAsync(closed));
        var connection = await p.OpenAsync();
        var transaction = p.Log.Name(p.Track((await p.Mode.BeginTransactionAsync(connection))!), "transaction");
        p.Log.Note("transaction's connection", transaction.Connection);
        await p.Log.GetAsync("begin while one is open", () => p.Mode.BeginTransactionAsync(connection));
        await p.Log.GetAsync("BeginTransactionAsync canceled", () => connection.BeginTransactionAsync(ProbeContext.Canceled).AsTask());
    }

    public static async Task Connection_begin_transaction_with_isolation_levels(ProbeContext p)
    {
        var connection = await p.OpenAsync();
        foreach (var level in new[] { IsolationLevel.Unspecified, IsolationLevel.ReadCommitted, IsolationLevel.RepeatableRead, IsolationLevel.Serializable, IsolationLevel.ReadUncommitted, IsolationLevel.Snapshot, IsolationLevel.Chaos, (IsolationLevel)12345 })
        {
            var transaction = await p.Log.GetAsync($"begin {level}", async () => p.IsAsync ? await connection.BeginTransactionAsync(level) : connection.BeginTransaction(level));
            if (transaction is null)
                continue;
            p.Log.Get("IsolationLevel", () => transaction.IsolationLevel);
            await p.Log.DoAsync("dispose", () => p.Mode.DisposeAsync(transaction));
        }
    }

    public static async Task Connection_enlist_in_no_transaction(ProbeContext p)
    {
        var connection = await p.OpenAsync();
        p.Log.Do("EnlistTransaction(null)", () => connection.EnlistTransaction(null));
        p.Log.Get("State", () => connection.State);
    }

    public static async Task Connection_state_changes_through_close_connection_reader(ProbeContext p)
    {
        var connection = await p.OpenAsync();
        p.Watch(connection);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 0;";
        var reader = await p.Log.GetAsync("execute", () => p.Mode.ExecuteReaderAsync(command, CommandBehavior.CloseConnection));
        p.Log.Get("State while reading", () => connection.State);
        await p.ReadAllAsync(reader!);
        await p.Log.DoAsync("close reader", () => p.Mode.CloseAsync(reader!));
        p.Log.Get("State", () => connection.State);
        await p.Log.DoAsync("dispose reader", () => p.Mode.DisposeAsync(reader!));
        p.Log.Get("State", () => connection.State);
    }

    public static async Task Connection_hands_out_objects_again_after_they_end(ProbeContext p)
    {
        var connection = await p.OpenAsync();
        var first = p.Log.Name(connection.CreateCommand(), "first command");
        first.CommandText = "SELECT 1;";
        var reader = p.Log.Name(await p.Mode.ExecuteReaderAsync(first), "first reader");
        await p.Mode.DisposeAsync(reader);
        var again = await p.Log.GetAsync("second reader", () => p.Mode.ExecuteReaderAsync(first));
        p.Log.Get("first reader IsClosed", () => reader.IsClosed);
        await p.Mode.DisposeAsync(again!);
        p.Log.Get("first reader IsClosed", () => reader.IsClosed);
        await p.Mode.DisposeAsync(first);
        var second = connection.CreateCommand();
        p.Log.Note("second command", second);
        p.Log.Get("its text", () => second.CommandText);
        p.Log.Get("its transaction", () => second.Transaction);

        var transaction = p.Log.Name((await p.Mode.BeginTransactionAsync(connection))!, "first transaction");
        second.Transaction = transaction;
        await p.Mode.CommitAsync(transaction);
        await p.Mode.DisposeAsync(transaction);
        var next = await p.Mode.BeginTransactionAsync(connection);
        p.Log.Note("second transaction", next);
        p.Log.Get("its connection", () => next.Connection);
        p.Log.Get("second command's transaction", () => second.Transaction);
        await p.Mode.DisposeAsync(next);
    }

    public static async Task Connection_of_another_kind_given_to_a_command(ProbeContext p)
    {
        var command = await p.CommandAsync("SELECT 1;");
        p.Log.Do("IDbCommand.Connection = not a DbConnection", () => ((IDbCommand)command).Connection = new NotADbConnection());
        p.Log.Get("Connection", () => command.Connection);
        p.Log.Do("IDbCommand.Connection = null", () => ((IDbCommand)command).Connection = null);
        p.Log.Get("Connection", () => command.Connection);
        p.Log.Do("IDbCommand.Transaction = not a DbTransaction", () => ((IDbCommand)command).Transaction = new NotADbTransaction());
        p.Log.Get("Transaction", () => command.Transaction);
    }

    /// <summary>An <see cref="IDbConnection"/> that is no <see cref="DbConnection"/>, as old code may still have.</summary>
    private sealed class NotADbConnection : IDbConnection
    {
        [System.Diagnostics.CodeAnalysis.AllowNull]
        public string ConnectionString { get; set; } = "";

        public int ConnectionTimeout => 0;

        public string Database => "";

        public ConnectionState State => ConnectionState.Closed;

        public IDbTransaction BeginTransaction() => throw new NotSupportedException();

        public IDbTransaction BeginTransaction(IsolationLevel il) => throw new NotSupportedException();

        public void ChangeDatabase(string databaseName) => throw new NotSupportedException();

        public void Close()
        {
        }

        public IDbCommand CreateCommand() => throw new NotSupportedException();

        public void Open() => throw new NotSupportedException();

        public void Dispose()
        {
        }
    }

    /// <summary>An <see cref="IDbTransaction"/> that is no <see cref="DbTransaction"/>.</summary>
    private sealed class NotADbTransaction : IDbTransaction
    {
        public IDbConnection? Connection => null;

        public IsolationLevel IsolationLevel => IsolationLevel.Unspecified;

        public void Commit()
        {
        }

        public void Rollback()
        {
        }

        public void Dispose()
        {
        }
    }
}
