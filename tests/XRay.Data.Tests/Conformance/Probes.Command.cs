using System.Data;
using System.Data.Common;
using XRay.Testing;

namespace XRay.Data.Tests.Conformance;

internal static partial class Probes
{
    public static Task Command_from_factory_defaults(ProbeContext p)
    {
        using var command = p.Factory.CreateCommand()!;
        p.Log.Get("CommandText", () => command.CommandText);
        p.Log.Get("CommandType", () => command.CommandType);
        p.Log.Get("CommandTimeout", () => command.CommandTimeout);
        p.Log.Get("Connection", () => command.Connection);
        p.Log.Get("Transaction", () => command.Transaction);
        p.Log.Get("UpdatedRowSource", () => command.UpdatedRowSource);
        p.Log.Get("DesignTimeVisible", () => command.DesignTimeVisible);
        p.Log.Get("Parameters", () => command.Parameters);
        p.Log.Get("Parameters twice is the same", () => ReferenceEquals(command.Parameters, command.Parameters));
        p.Log.Get("CreateParameter", () => command.CreateParameter());
        p.Log.Get("IDbCommand.Connection", () => ((IDbCommand)command).Connection);
        return Task.CompletedTask;
    }

    public static Task Command_property_round_trips(ProbeContext p)
    {
        using var command = p.Factory.CreateCommand()!;
        p.Log.Do("CommandText = null", () => command.CommandText = null);
        p.Log.Get("CommandText", () => command.CommandText);
        p.Log.Do("CommandText = empty", () => command.CommandText = "");
        p.Log.Get("CommandText", () => command.CommandText);
        p.Log.Do("CommandTimeout = 7", () => command.CommandTimeout = 7);
        p.Log.Get("CommandTimeout", () => command.CommandTimeout);
        p.Log.Do("CommandTimeout = -1", () => command.CommandTimeout = -1);
        p.Log.Get("CommandTimeout", () => command.CommandTimeout);
        p.Log.Do("CommandType = StoredProcedure", () => command.CommandType = CommandType.StoredProcedure);
        p.Log.Get("CommandType", () => command.CommandType);
        p.Log.Do("CommandType = TableDirect", () => command.CommandType = CommandType.TableDirect);
        p.Log.Get("CommandType", () => command.CommandType);
        p.Log.Do("CommandType = 99", () => command.CommandType = (CommandType)99);
        p.Log.Get("CommandType", () => command.CommandType);
        p.Log.Do("UpdatedRowSource = None", () => command.UpdatedRowSource = UpdateRowSource.None);
        p.Log.Get("UpdatedRowSource", () => command.UpdatedRowSource);
        p.Log.Do("UpdatedRowSource = 99", () => command.UpdatedRowSource = (UpdateRowSource)99);
        p.Log.Get("UpdatedRowSource", () => command.UpdatedRowSource);
        p.Log.Do("DesignTimeVisible = false", () => command.DesignTimeVisible = false);
        p.Log.Get("DesignTimeVisible", () => command.DesignTimeVisible);
        return Task.CompletedTask;
    }

    public static async Task Command_connection_round_trips(ProbeContext p)
    {
        var command = await p.CommandAsync("SELECT 1;");
        var other = p.Connection("other");
        p.Log.Get("Connection", () => command.Connection);
        p.Log.Do("Connection = other", () => command.Connection = other);
        p.Log.Get("Connection", () => command.Connection);
        p.Log.Do("Connection = null", () => command.Connection = null);
        p.Log.Get("Connection", () => command.Connection);
        p.Log.Get("IDbCommand.Connection", () => ((IDbCommand)command).Connection);
        p.Log.Do("IDbCommand.Connection = other", () => ((IDbCommand)command).Connection = other);
        p.Log.Get("Connection", () => command.Connection);
        await p.ExecuteAsync("execute on closed other", command, Execution.Scalar);
    }

    public static async Task Command_connection_set_while_reader_open(ProbeContext p)
    {
        var command = await p.CommandAsync("SELECT 1;");
        var other = p.Connection("other");
        using var reader = await p.Mode.ExecuteReaderAsync(command);
        p.Log.Do("CommandText = other", () => command.CommandText = "SELECT 2;");
        p.Log.Get("CommandText", () => command.CommandText);
        p.Log.Do("Connection = other", () => command.Connection = other);
        p.Log.Get("Connection", () => command.Connection);
        p.Log.Do("Connection = null", () => command.Connection = null);
        p.Log.Get("Connection", () => command.Connection);
        await p.Log.GetAsync("execute again", () => p.Mode.ExecuteReaderAsync(command));
        p.Log.Do("Cancel", command.Cancel);
    }

    public static async Task Command_connection_of_the_provider_itself(ProbeContext p)
    {
        // A connection made by the provider directly, not through the factory under test.
        var providerConnection = p.Log.Name(p.Track(p.Provider.Factory.CreateConnection()!), "provider connection");
        providerConnection.ConnectionString = p.ConnectionString;
        await p.Mode.OpenAsync(providerConnection);
        using var command = p.Factory.CreateCommand()!;
        p.Log.Do("Connection = provider connection", () => command.Connection = providerConnection);
        p.Log.Get("Connection", () => command.Connection);
        command.CommandText = "SELECT 42;";
        await p.ExecuteAsync("scalar", command, Execution.Scalar);
        await p.ExecuteAsync("reader", command, Execution.Reader);
        var transaction = p.Log.Name(providerConnection.BeginTransaction(), "provider transaction");
        p.Log.Do("Transaction = provider transaction", () => command.Transaction = transaction);
        p.Log.Get("Transaction", () => command.Transaction);
        await p.ExecuteAsync("nonquery in transaction", command, Execution.NonQuery);
        p.Log.Do("commit", transaction.Commit);
        p.Log.Get("Transaction after commit", () => command.Transaction);
    }

    public static async Task Command_transaction_round_trips(ProbeContext p)
    {
        var command = await p.CommandAsync("SELECT 1;");
        var transaction = p.Log.Name(p.Track((await p.Mode.BeginTransactionAsync(command.Connection!))!), "transaction");
        p.Log.Get("Transaction", () => command.Transaction);
        p.Log.Do("Transaction = transaction", () => command.Transaction = transaction);
        p.Log.Get("Transaction", () => command.Transaction);
        await p.ExecuteAsync("execute", command, Execution.Scalar);
        await p.Log.DoAsync("commit", () => p.Mode.CommitAsync(transaction));
        p.Log.Get("Transaction after commit", () => command.Transaction);
        await p.ExecuteAsync("execute after commit", command, Execution.Scalar);
        await p.Log.DoAsync("dispose transaction", () => p.Mode.DisposeAsync(transaction));
        p.Log.Get("Transaction after dispose", () => command.Transaction);
        await p.ExecuteAsync("execute after dispose", command, Execution.Scalar);
        p.Log.Do("Transaction = null", () => command.Transaction = null);
        p.Log.Get("Transaction", () => command.Transaction);
        p.Log.Get("IDbCommand.Transaction", () => ((IDbCommand)command).Transaction);
    }

    public static async Task Command_transaction_rolled_back_and_disposed(ProbeContext p)
    {
        var command = await p.CommandAsync("SELECT 1;");
        var transaction = p.Log.Name(p.Track((await p.Mode.BeginTransactionAsync(command.Connection!))!), "transaction");
        command.Transaction = transaction;
        await p.Log.DoAsync("rollback", () => p.Mode.RollbackAsync(transaction));
        p.Log.Get("Transaction after rollback", () => command.Transaction);
        var second = p.Log.Name(p.Track((await p.Mode.BeginTransactionAsync(command.Connection!))!), "second transaction");
        command.Transaction = second;
        await p.Log.DoAsync("dispose second", () => p.Mode.DisposeAsync(second));
        p.Log.Get("Transaction after dispose", () => command.Transaction);
        await p.ExecuteAsync("execute", command, Execution.Scalar);
    }

    public static async Task Command_transaction_of_another_connection(ProbeContext p)
    {
        var command = await p.CommandAsync("SELECT 1;");
        var other = p.Connection("other");
        await p.Mode.OpenAsync(other);
        var otherTransaction = p.Log.Name(p.Track((await p.Mode.BeginTransactionAsync(other))!), "other transaction");
        p.Log.Do("Transaction = other transaction", () => command.Transaction = otherTransaction);
        p.Log.Get("Transaction", () => command.Transaction);
        await p.ExecuteAsync("execute", command, Execution.Reader);
        await p.ExecuteAsync("execute", command, Execution.NonQuery);
    }

    public static async Task Command_needs_the_connection_transaction(ProbeContext p)
    {
        var command = await p.CommandAsync("SELECT 1;");
        using var transaction = await p.Mode.BeginTransactionAsync(command.Connection!);
        await p.ExecuteAsync("execute without Transaction", command, Execution.Reader);
    }

    public static async Task Command_cancel_when_nothing_runs(ProbeContext p)
    {
        var fromFactory = p.Log.Name(p.Factory.CreateCommand()!, "factory command");
        p.Log.Do("cancel new", fromFactory.Cancel);
        fromFactory.Dispose();
        p.Log.Do("cancel disposed", fromFactory.Cancel);

        var command = await p.CommandAsync("SELECT 1;");
        p.Log.Do("cancel before executing", command.Cancel);
        await p.ExecuteAsync("execute", command, Execution.NonQuery);
        p.Log.Do("cancel executed", command.Cancel);
        p.Log.Do("cancel twice", command.Cancel);
        await p.ExecuteAsync("execute after cancel", command, Execution.Scalar);
        await p.Mode.DisposeAsync(command.Connection!);
        p.Log.Do("cancel after the connection is disposed", command.Cancel);
    }

    public static async Task Command_dispose(ProbeContext p)
    {
        var command = await p.CommandAsync("SELECT 1;");
        p.Watch(command);
        var connection = command.Connection;
        await p.Log.DoAsync("dispose", () => p.Mode.DisposeAsync(command));
        await p.Log.DoAsync("dispose again", () => p.Mode.DisposeAsync(command));
        p.Log.Get("CommandText", () => command.CommandText);
        p.Log.Get("CommandType", () => command.CommandType);
        p.Log.Get("Parameters", () => command.Parameters);
        p.Log.Get("Connection", () => command.Connection);
        p.Log.Get("Transaction", () => command.Transaction);
        p.Log.Get("connection State", () => connection!.State);
        await p.ExecuteAsync("execute", command, Execution.Scalar);
        var transaction = p.Log.Name(p.Track((await p.Mode.BeginTransactionAsync(connection!))!), "transaction");
        p.Log.Do("set Transaction", () => command.Transaction = transaction);
        p.Log.Get("Transaction", () => command.Transaction);
        p.Log.Do("set Connection", () => command.Connection = connection);
        p.Log.Get("Connection", () => command.Connection);
        p.Log.Do("set CommandText", () => command.CommandText = "SELECT 2;");
        await p.ExecuteAsync("execute", command, Execution.Reader);
    }

    public static async Task Command_dispose_of_factory_command(ProbeContext p)
    {
        var command = p.Log.Name(p.Factory.CreateCommand()!, "command");
        p.Watch(command);
        await p.Log.DoAsync("dispose", () => p.Mode.DisposeAsync(command));
        await p.Log.DoAsync("dispose again", () => p.Mode.DisposeAsync(command));
        p.Log.Get("CommandText", () => command.CommandText);
        p.Log.Get("Parameters", () => command.Parameters);
    }

    public static async Task Command_prepare(ProbeContext p)
    {
        using var noConnection = p.Factory.CreateCommand()!;
        await p.Log.DoAsync("without connection", () => p.PrepareAsync(noConnection));
        var closed = p.Connection("closed");
        using var onClosed = closed.CreateCommand();
        onClosed.CommandText = "SELECT 1;";
        await p.Log.DoAsync("on a closed connection", () => p.PrepareAsync(onClosed));
        var command = await p.CommandAsync();
        await p.Log.DoAsync("without text", () => p.PrepareAsync(command));
        command.CommandText = "SELECT @p;";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@p";
        parameter.Value = 5;
        parameter.DbType = DbType.Int32;
        command.Parameters.Add(parameter);
        await p.Log.DoAsync("with text", () => p.PrepareAsync(command));
        await p.ExecuteAsync("execute prepared", command, Execution.Scalar);
        command.CommandText = "INVALID;";
        await p.Log.DoAsync("invalid", () => p.PrepareAsync(command));
        await p.Log.DoAsync("PrepareAsync canceled", () => command.PrepareAsync(ProbeContext.Canceled));
    }

    public static async Task Command_execute_without_connection(ProbeContext p)
    {
        using var command = p.Factory.CreateCommand()!;
        command.CommandText = "SELECT 1;";
        foreach (var execution in Enum.GetValues<Execution>())
            await p.ExecuteAsync(execution.ToString(), command, execution);
    }

    public static async Task Command_execute_on_closed_connection(ProbeContext p)
    {
        var connection = p.Connection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1;";
        foreach (var execution in Enum.GetValues<Execution>())
            await p.ExecuteAsync(execution.ToString(), command, execution);
        p.Log.Get("State", () => connection.State);
    }

    public static async Task Command_execute_without_text(ProbeContext p)
    {
        var command = await p.CommandAsync();
        foreach (var execution in Enum.GetValues<Execution>())
            await p.ExecuteAsync(execution.ToString(), command, execution);
        command.CommandText = "   ";
        foreach (var execution in Enum.GetValues<Execution>())
            await p.ExecuteAsync("whitespace " + execution, command, execution);
    }

    public static async Task Command_execute_invalid_sql(ProbeContext p)
    {
        var command = await p.CommandAsync("INVALID;");
        foreach (var execution in Enum.GetValues<Execution>())
            await p.ExecuteAsync(execution.ToString(), command, execution);
        p.Log.Get("State", () => command.Connection!.State);
        command.CommandText = "SELECT 1;";
        await p.ExecuteAsync("then valid", command, Execution.Scalar);
    }

    public static async Task Command_execute_after_its_connection_is_disposed(ProbeContext p)
    {
        var command = await p.CommandAsync("SELECT 1;");
        var batch = command.Connection!.CanCreateBatch ? p.Track(command.Connection.CreateBatch()) : null;
        await p.Log.DoAsync("dispose connection", () => p.Mode.DisposeAsync(command.Connection!));
        p.Log.Get("Connection", () => command.Connection);
        foreach (var execution in Enum.GetValues<Execution>())
            await p.ExecuteAsync(execution.ToString(), command, execution);
        await p.Log.DoAsync("prepare", () => p.PrepareAsync(command));
        if (batch is null)
            return;
        var batchCommand = batch.CreateBatchCommand();
        batchCommand.CommandText = "SELECT 2;";
        batch.BatchCommands.Add(batchCommand);
        foreach (var execution in Enum.GetValues<Execution>())
            await p.ExecuteAsync("batch " + execution, batch, execution);
    }

    public static async Task Command_execute_while_reader_open(ProbeContext p)
    {
        var command = await p.CommandAsync("SELECT 1;");
        using var reader = await p.Mode.ExecuteReaderAsync(command);
        foreach (var execution in Enum.GetValues<Execution>())
            await p.ExecuteAsync(execution.ToString(), command, execution);
        using var second = command.Connection!.CreateCommand();
        second.CommandText = "SELECT 2;";
        foreach (var execution in Enum.GetValues<Execution>())
            await p.ExecuteAsync("second command " + execution, second, execution);
    }

    public static async Task Command_execute_with_canceled_token(ProbeContext p)
    {
        var command = await p.CommandAsync("SELECT 1;");
        await p.Log.GetAsync("ExecuteNonQueryAsync", () => command.ExecuteNonQueryAsync(ProbeContext.Canceled));
        await p.Log.GetAsync("ExecuteScalarAsync", () => command.ExecuteScalarAsync(ProbeContext.Canceled));
        await p.Log.GetAsync("ExecuteReaderAsync", () => command.ExecuteReaderAsync(ProbeContext.Canceled));
        await p.Log.GetAsync("ExecuteReaderAsync(behavior)", () => command.ExecuteReaderAsync(CommandBehavior.SingleRow, ProbeContext.Canceled));
        p.Log.Get("State", () => command.Connection!.State);
        await p.ExecuteAsync("then", command, Execution.Scalar);
    }

    public static async Task Command_scalar_values(ProbeContext p)
    {
        var command = await p.CommandAsync();
        foreach (var text in new[]
        {
            "SELECT 1;", "SELECT 3.14;", "SELECT 'test';", "SELECT NULL;", "SELECT 42; SELECT 43;", "SELECT 42, 43;",
            "SELECT 42 UNION SELECT 43 ORDER BY 1;", "SELECT 1 WHERE 1 = 0;", "-- just a comment", "SELECT 0; -- trailing comment",
        })
        {
            command.CommandText = text;
            await p.ExecuteAsync(text, command, Execution.Scalar);
        }
    }

    public static async Task Command_non_query_counts(ProbeContext p)
    {
        var command = await p.CommandAsync("CREATE TEMP TABLE probe (id INT PRIMARY KEY, name TEXT);");
        await p.ExecuteAsync("create", command, Execution.NonQuery);
        foreach (var text in new[]
        {
            "SELECT 1;", "INSERT INTO probe VALUES (1, 'a'), (2, 'b'), (3, 'c');", "UPDATE probe SET name = 'z' WHERE id > 1;",
            "DELETE FROM probe WHERE id = 0;", "DELETE FROM probe WHERE id = 3; SELECT 1;", "INSERT INTO probe VALUES (1, 'duplicate');",
        })
        {
            command.CommandText = text;
            await p.ExecuteAsync(text, command, Execution.NonQuery);
        }

        command.CommandText = "UPDATE probe SET name = 'y'; DELETE FROM probe WHERE id = 1;";
        await p.ExecuteAsync("reader over changes", command, Execution.Reader);
        using var reader = await p.Mode.ExecuteReaderAsync(command);
        p.Log.Get("RecordsAffected", () => reader.RecordsAffected);
        await p.Mode.CloseAsync(reader);
        p.Log.Get("RecordsAffected after close", () => reader.RecordsAffected);
    }

    public static async Task Command_behaviors(ProbeContext p)
    {
        var command = await p.CommandAsync("SELECT 1 AS a, 'x' AS b UNION SELECT 2, 'y' ORDER BY 1; SELECT 3;");
        foreach (var behavior in new[]
        {
            CommandBehavior.Default, CommandBehavior.SingleResult, CommandBehavior.SingleRow, CommandBehavior.SchemaOnly,
            CommandBehavior.KeyInfo, CommandBehavior.SequentialAccess, CommandBehavior.SingleRow | CommandBehavior.SequentialAccess, (CommandBehavior)1024,
        })
        {
            await p.Log.DoAsync(behavior.ToString(), async () =>
            {
                await using var reader = await p.Mode.ExecuteReaderAsync(command, behavior);
                await p.ReadAllAsync(reader);
            });
        }

        p.Log.Get("State", () => command.Connection!.State);
    }

    public static async Task Command_dispose_before_its_reader(ProbeContext p)
    {
        var command = await p.CommandAsync("SELECT 'test';");
        var reader = p.Track(await p.Mode.ExecuteReaderAsync(command));
        await p.Mode.DisposeAsync(command);
        await p.ReadAllAsync(reader);
        p.Log.Get("IsClosed", () => reader.IsClosed);
    }

    public static async Task Command_parameters_bind(ProbeContext p)
    {
        var command = await p.CommandAsync("SELECT @Parameter;");
        foreach (var value in new object?[] { 1, 1L, "test", new byte[] { 1, 2, 3, 4 }, DBNull.Value, null, new object(), new CustomValue(), 3.5m, true })
        {
            command.Parameters.Clear();
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@Parameter";
            parameter.Value = value;
            command.Parameters.Add(parameter);
            await p.ExecuteAsync("bind " + (value?.GetType().Name ?? "null"), command, Execution.Scalar);
            p.Log.Get("DbType", () => parameter.DbType);
        }

        command.Parameters.Clear();
        using var stream = new MemoryStream([1, 2, 3, 4]);
        var streamed = command.CreateParameter();
        streamed.ParameterName = "@Parameter";
        streamed.Value = stream;
        command.Parameters.Add(streamed);
        await p.ExecuteAsync("bind stream", command, Execution.Scalar);

        command.Parameters.Clear();
        var unnamed = command.CreateParameter();
        unnamed.Value = 1;
        command.Parameters.Add(unnamed);
        await p.ExecuteAsync("bind unnamed", command, Execution.NonQuery);

        command.Parameters.Clear();
        command.CommandText = "SELECT 1;";
        var unknown = command.CreateParameter();
        unknown.ParameterName = "@Unknown";
        unknown.Value = 1;
        command.Parameters.Add(unknown);
        await p.ExecuteAsync("bind unused", command, Execution.NonQuery);
    }

    public static async Task Command_output_parameter(ProbeContext p)
    {
        var command = await p.CommandAsync("SELECT 7 AS result;");
        var parameter = command.CreateParameter();
        parameter.ParameterName = "result";
        parameter.Direction = ParameterDirection.Output;
        parameter.DbType = DbType.Int32;
        command.Parameters.Add(parameter);
        await p.ExecuteAsync("execute", command, Execution.NonQuery);
        p.Log.Get("output value", () => parameter.Value);
    }

    /// <summary>A value no provider knows how to send.</summary>
    private sealed class CustomValue
    {
        public override string ToString() => "custom";
    }
}
