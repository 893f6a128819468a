using System.Collections;
using System.ComponentModel;
using System.Data;
using System.Data.Common;
using XRay.Testing;

namespace XRay.Data.Tests.Conformance;

internal static partial class Probes
{
    public static async Task Objects_implement_what_the_provider_objects_implement(ProbeContext p)
    {
        var connection = await p.OpenAsync();
        var command = connection.CreateCommand();
        command.CommandText = "SELECT 1;";
        var transaction = p.Track(await p.Mode.BeginTransactionAsync(connection));
        command.Transaction = transaction;
        var reader = p.Track(await p.Mode.ExecuteReaderAsync(command));
        DbBatch? batch = connection.CanCreateBatch ? p.Track(connection.CreateBatch()) : null;
        foreach (var (kind, value) in new (string, object?)[] { ("connection", connection), ("command", command), ("transaction", transaction), ("reader", reader), ("batch", batch), ("factory", p.Factory) })
        {
            if (value is null)
                continue;
            p.Log.Note(kind + " is ICloneable", value is ICloneable);
            p.Log.Note(kind + " is IComponent", value is IComponent);
            p.Log.Note(kind + " is IServiceProvider", value is IServiceProvider);
            p.Log.Note(kind + " is IEnumerable", value is IEnumerable);
            p.Log.Note(kind + " is IDbColumnSchemaGenerator", value is IDbColumnSchemaGenerator);
            p.Log.Note(kind + " is IAsyncDisposable", value is IAsyncDisposable);
        }
    }

    public static async Task Command_clone(ProbeContext p)
    {
        var command = await p.CommandAsync("SELECT @p;");
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@p";
        parameter.Value = 5;
        command.Parameters.Add(parameter);
        command.CommandTimeout = 17;
        var transaction = p.Log.Name(p.Track(await p.Mode.BeginTransactionAsync(command.Connection!)), "transaction");
        command.Transaction = transaction;
        var clone = p.Log.Get("Clone", () => (DbCommand)((ICloneable)command).Clone());
        if (clone is null)
            return;
        p.Track(clone);
        p.Log.Note("clone is the command", ReferenceEquals(clone, command));
        p.Log.Get("CommandText", () => clone.CommandText);
        p.Log.Get("CommandTimeout", () => clone.CommandTimeout);
        p.Log.Get("Connection", () => clone.Connection);
        p.Log.Get("Transaction", () => clone.Transaction);
        p.Log.Get("Parameters", () => clone.Parameters.Count);
        p.Log.Get("the parameter is a copy", () => !ReferenceEquals(clone.Parameters[0], parameter));
        await p.ExecuteAsync("execute clone", clone, Execution.Scalar);
    }

    public static async Task Connection_clone(ProbeContext p)
    {
        var connection = await p.OpenAsync();
        var clone = p.Log.Get("Clone", () => (DbConnection)((ICloneable)connection).Clone());
        if (clone is null)
            return;
        p.Track(clone);
        p.Log.Name(clone, "clone");
        p.Log.Get("State", () => clone.State);
        p.Log.Note("ConnectionString is the original's", clone.ConnectionString == connection.ConnectionString);
        p.Log.Get("factory", () => DbProviderFactories.GetFactory(clone));
        await p.Log.DoAsync("open", () => p.Mode.OpenAsync(clone));
        var command = p.Track(clone.CreateCommand());
        command.CommandText = "SELECT 2;";
        p.Log.Get("command's connection", () => command.Connection);
        await p.ExecuteAsync("execute", command, Execution.Scalar);
    }

    public static async Task Connection_closed_under_an_open_reader(ProbeContext p)
    {
        var reader = await p.ReaderAsync("SELECT 1 UNION SELECT 2 ORDER BY 1;");
        await p.Mode.ReadAsync(reader);
        var connection = p.Connection("unrelated");
        p.Log.Get("unrelated State", () => connection.State);
        var command = await p.CommandAsync("SELECT 3;");
        var readerOfCommand = p.Track(await p.Mode.ExecuteReaderAsync(command));
        await p.Log.DoAsync("close connection", () => p.CloseAsync(command.Connection!));
        p.Log.Get("IsClosed", () => readerOfCommand.IsClosed);
        await p.Log.GetAsync("Read", () => p.Mode.ReadAsync(readerOfCommand));
        p.Log.Get("first reader IsClosed", () => reader.IsClosed);
        await p.Log.DoAsync("reopen", () => p.Mode.OpenAsync(command.Connection!));
        await p.ExecuteAsync("execute", command, Execution.Scalar);
        await p.Log.DoAsync("dispose reader", () => p.Mode.DisposeAsync(readerOfCommand));
    }

    public static async Task Reader_nested_row(ProbeContext p)
    {
        var reader = await p.ReaderAsync(p.Provider.SelectNestedRow);
        await p.Mode.ReadAsync(reader);
        p.Log.Get("GetData", () =>
        {
            using var nested = reader.GetData(0);
            var rows = new List<object>();
            while (nested.Read())
            {
                var values = new object[nested.FieldCount];
                nested.GetValues(values);
                rows.Add(values);
            }

            return rows;
        });
        p.Log.Get("GetFieldValue<DbDataReader>", () => reader.GetFieldValue<DbDataReader>(0).FieldCount);
    }

    public static async Task Batch_with_parameters(ProbeContext p)
    {
        var connection = await p.OpenAsync();
        var batch = p.Log.Get("CreateBatch", connection.CreateBatch);
        if (batch is null)
            return;
        p.Track(batch);
        var command = batch.CreateBatchCommand();
        command.CommandText = "SELECT @a::int + 1;";
        p.Log.Get("CanCreateParameter", () => command.CanCreateParameter);
        var parameter = p.Log.Get("CreateParameter", command.CreateParameter);
        parameter!.ParameterName = "a";
        parameter.Value = 41;
        command.Parameters.Add(parameter);
        batch.BatchCommands.Add(command);
        await p.ExecuteAsync("scalar", batch, Execution.Scalar);
        command.CommandType = CommandType.StoredProcedure;
        command.CommandText = "no_such_procedure";
        await p.ExecuteAsync("procedure", batch, Execution.NonQuery);
    }
}
