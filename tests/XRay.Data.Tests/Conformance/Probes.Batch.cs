using System.Data;
using System.Data.Common;
using XRay.Testing;

namespace XRay.Data.Tests.Conformance;

internal static partial class Probes
{
    public static async Task Batch_creation(ProbeContext p)
    {
        p.Log.Get("factory CanCreateBatch", () => p.Factory.CanCreateBatch);
        var fromFactory = p.Log.Get("factory CreateBatch", p.Factory.CreateBatch);
        p.Log.Get("factory CreateBatchCommand", p.Factory.CreateBatchCommand);
        var connection = await p.OpenAsync();
        p.Log.Get("connection CanCreateBatch", () => connection.CanCreateBatch);
        var fromConnection = p.Log.Get("connection CreateBatch", connection.CreateBatch);
        foreach (var (source, batch) in new[] { ("factory", fromFactory), ("connection", fromConnection) })
        {
            if (batch is null)
                continue;
            p.Log.Get(source + " batch Connection", () => batch.Connection);
            p.Log.Get(source + " batch Transaction", () => batch.Transaction);
            p.Log.Get(source + " batch Timeout", () => batch.Timeout);
            p.Log.Get(source + " batch commands", () => batch.BatchCommands.Count);
            p.Log.Get(source + " CreateBatchCommand", batch.CreateBatchCommand);
            batch.Dispose();
        }
    }

    public static async Task Batch_execution(ProbeContext p)
    {
        var connection = await p.OpenAsync();
        var batch = p.Log.Get("CreateBatch", connection.CreateBatch);
        if (batch is null)
            return;
        using var tracked = p.Track(batch);
        await p.ExecuteAsync("empty", batch, Execution.NonQuery);
        await p.ExecuteAsync("empty", batch, Execution.Reader);
        Add(batch, "CREATE TEMP TABLE probe (id INT);");
        Add(batch, "INSERT INTO probe VALUES (1), (2);");
        Add(batch, "SELECT count(*) FROM probe;");
        await p.ExecuteAsync("non query", batch, Execution.NonQuery);
        foreach (DbBatchCommand command in batch.BatchCommands)
            p.Log.Get("RecordsAffected", () => command.RecordsAffected);
        batch.BatchCommands.RemoveAt(0);
        await p.ExecuteAsync("scalar", batch, Execution.Scalar);
        await p.ExecuteAsync("reader", batch, Execution.Reader);
        batch.BatchCommands[0].CommandText = "INVALID;";
        foreach (var execution in Enum.GetValues<Execution>())
            await p.ExecuteAsync("invalid " + execution, batch, execution);
        batch.BatchCommands[0].CommandText = "SELECT 1;";
        await p.Log.GetAsync("ExecuteNonQueryAsync canceled", () => batch.ExecuteNonQueryAsync(ProbeContext.Canceled));
        await p.Log.GetAsync("ExecuteScalarAsync canceled", () => batch.ExecuteScalarAsync(ProbeContext.Canceled));
        await p.Log.GetAsync("ExecuteReaderAsync canceled", () => batch.ExecuteReaderAsync(ProbeContext.Canceled));
        await p.Log.DoAsync("prepare", () => p.PrepareAsync(batch));
        p.Log.Do("cancel", batch.Cancel);
        await p.ExecuteAsync("after all", batch, Execution.Reader);
    }

    public static async Task Batch_connection_and_transaction(ProbeContext p)
    {
        var batch = p.Log.Get("CreateBatch", p.Factory.CreateBatch);
        if (batch is null)
            return;
        using var tracked = p.Track(batch);
        Add(batch, "SELECT 1;");
        foreach (var execution in Enum.GetValues<Execution>())
            await p.ExecuteAsync("without connection " + execution, batch, execution);
        await p.Log.DoAsync("prepare without connection", () => p.PrepareAsync(batch));
        var closed = p.Connection("closed");
        p.Log.Do("Connection = closed", () => batch.Connection = closed);
        p.Log.Get("Connection", () => batch.Connection);
        await p.ExecuteAsync("on closed", batch, Execution.Scalar);
        var connection = await p.OpenAsync();
        p.Log.Do("Connection = connection", () => batch.Connection = connection);
        var transaction = p.Log.Name(p.Track((await p.Mode.BeginTransactionAsync(connection))!), "transaction");
        p.Log.Do("Transaction = transaction", () => batch.Transaction = transaction);
        p.Log.Get("Transaction", () => batch.Transaction);
        await p.ExecuteAsync("in transaction", batch, Execution.Scalar);
        var reader = await p.Mode.ExecuteReaderAsync(batch);
        p.Log.Do("Connection = closed while reading", () => batch.Connection = closed);
        p.Log.Get("Connection", () => batch.Connection);
        await p.Mode.DisposeAsync(reader);
        await p.Log.DoAsync("commit", () => p.Mode.CommitAsync(transaction));
        p.Log.Get("Transaction after commit", () => batch.Transaction);
        await p.Log.DoAsync("dispose transaction", () => p.Mode.DisposeAsync(transaction));
        p.Log.Get("Transaction after dispose", () => batch.Transaction);
        await p.ExecuteAsync("after the transaction", batch, Execution.Scalar);
        p.Log.Do("Connection = null", () => batch.Connection = null);
        p.Log.Get("Connection", () => batch.Connection);
        p.Log.Do("Timeout = -1", () => batch.Timeout = -1);
        p.Log.Get("Timeout", () => batch.Timeout);
        p.Log.Do("Timeout = 9", () => batch.Timeout = 9);
        p.Log.Get("Timeout", () => batch.Timeout);
    }

    public static async Task Batch_dispose(ProbeContext p)
    {
        var connection = await p.OpenAsync();
        var batch = p.Log.Get("CreateBatch", connection.CreateBatch);
        if (batch is null)
            return;
        Add(batch, "SELECT 1;");
        await p.Log.DoAsync("dispose", () => p.Mode.DisposeAsync(batch));
        await p.Log.DoAsync("dispose again", () => p.Mode.DisposeAsync(batch));
        p.Log.Get("Connection", () => batch.Connection);
        p.Log.Get("commands", () => batch.BatchCommands.Count);
        await p.ExecuteAsync("execute", batch, Execution.Scalar);
    }

    private static void Add(DbBatch batch, string commandText)
    {
        var command = batch.CreateBatchCommand();
        command.CommandText = commandText;
        batch.BatchCommands.Add(command);
    }
}
