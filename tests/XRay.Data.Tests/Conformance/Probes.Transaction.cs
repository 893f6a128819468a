using System.Data;
using System.Data.Common;
using XRay.Testing;

namespace XRay.Data.Tests.Conformance;

internal static partial class Probes
{
    public static async Task Transaction_commit(ProbeContext p)
    {
        var (connection, transaction) = await BeginAsync(p, IsolationLevel.Serializable);
        p.Log.Get("Connection", () => transaction.Connection);
        p.Log.Get("IsolationLevel", () => transaction.IsolationLevel);
        p.Log.Get("SupportsSavepoints", () => transaction.SupportsSavepoints);
        await p.Log.DoAsync("commit", () => p.Mode.CommitAsync(transaction));
        p.Log.Get("Connection after commit", () => transaction.Connection);
        p.Log.Get("IsolationLevel after commit", () => transaction.IsolationLevel);
        await p.Log.DoAsync("commit again", () => p.Mode.CommitAsync(transaction));
        await p.Log.DoAsync("rollback after commit", () => p.Mode.RollbackAsync(transaction));
        await p.Log.DoAsync("dispose", () => p.Mode.DisposeAsync(transaction));
        await p.Log.DoAsync("dispose again", () => p.Mode.DisposeAsync(transaction));
        p.Log.Get("Connection after dispose", () => transaction.Connection);
        p.Log.Get("State", () => connection.State);
    }

    public static async Task Transaction_rollback(ProbeContext p)
    {
        var (connection, transaction) = await BeginAsync(p, IsolationLevel.ReadCommitted);
        await p.Log.DoAsync("rollback", () => p.Mode.RollbackAsync(transaction));
        p.Log.Get("Connection after rollback", () => transaction.Connection);
        await p.Log.DoAsync("rollback again", () => p.Mode.RollbackAsync(transaction));
        await p.Log.DoAsync("commit after rollback", () => p.Mode.CommitAsync(transaction));
        await p.Log.GetAsync("begin another", async () => p.Log.Describe(await p.Mode.BeginTransactionAsync(connection)));
    }

    public static async Task Transaction_after_dispose(ProbeContext p)
    {
        var (_, transaction) = await BeginAsync(p, IsolationLevel.Unspecified);
        await p.Log.DoAsync("dispose", () => p.Mode.DisposeAsync(transaction));
        p.Log.Get("Connection", () => transaction.Connection);
        p.Log.Get("IsolationLevel", () => transaction.IsolationLevel);
        await p.Log.DoAsync("commit", () => p.Mode.CommitAsync(transaction));
        await p.Log.DoAsync("rollback", () => p.Mode.RollbackAsync(transaction));
        await p.Log.DoAsync("save", () => p.Mode.SaveAsync(transaction, "s"));
    }

    public static async Task Transaction_when_the_connection_closes(ProbeContext p)
    {
        var (connection, transaction) = await BeginAsync(p, IsolationLevel.Unspecified);
        await p.Log.DoAsync("close connection", () => p.CloseAsync(connection));
        p.Log.Get("Connection", () => transaction.Connection);
        await p.Log.DoAsync("commit", () => p.Mode.CommitAsync(transaction));
        await p.Log.DoAsync("rollback", () => p.Mode.RollbackAsync(transaction));
        await p.Log.DoAsync("dispose", () => p.Mode.DisposeAsync(transaction));
    }

    public static async Task Transaction_when_the_connection_is_disposed(ProbeContext p)
    {
        var (connection, transaction) = await BeginAsync(p, IsolationLevel.Unspecified);
        await p.Log.DoAsync("dispose connection", () => p.Mode.DisposeAsync(connection));
        p.Log.Get("Connection", () => transaction.Connection);
        await p.Log.DoAsync("commit", () => p.Mode.CommitAsync(transaction));
        await p.Log.DoAsync("dispose", () => p.Mode.DisposeAsync(transaction));
    }

    public static async Task Transaction_savepoints(ProbeContext p)
    {
        var (connection, transaction) = await BeginAsync(p, IsolationLevel.Unspecified);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "CREATE TEMP TABLE probe (id INT);";
        await p.Mode.ExecuteNonQueryAsync(command);
        await p.Log.DoAsync("save a", () => p.Mode.SaveAsync(transaction, "a"));
        command.CommandText = "INSERT INTO probe VALUES (1);";
        await p.Mode.ExecuteNonQueryAsync(command);
        await p.Log.DoAsync("rollback to a", () => p.Mode.RollbackAsync(transaction, "a"));
        await p.Log.DoAsync("release a", () => p.Mode.ReleaseAsync(transaction, "a"));
        await p.Log.DoAsync("release unknown", () => p.Mode.ReleaseAsync(transaction, "unknown"));
        await p.Log.DoAsync("rollback to unknown", () => p.Mode.RollbackAsync(transaction, "unknown"));
        await p.Log.DoAsync("save null", () => p.Mode.SaveAsync(transaction, null!));
        await p.Log.DoAsync("save empty", () => p.Mode.SaveAsync(transaction, ""));
        await p.Log.DoAsync("SaveAsync canceled", () => transaction.SaveAsync("b", ProbeContext.Canceled));
        await p.Log.DoAsync("CommitAsync canceled", () => transaction.CommitAsync(ProbeContext.Canceled));
        await p.Log.DoAsync("RollbackAsync canceled", () => transaction.RollbackAsync(ProbeContext.Canceled));
        p.Log.Get("Connection", () => transaction.Connection);
        await p.Log.DoAsync("rollback", () => p.Mode.RollbackAsync(transaction));
        command.Transaction = null;
        command.CommandText = "SELECT count(*) FROM probe;";
        await p.ExecuteAsync("rows", command, Execution.Scalar);
    }

    public static async Task Transaction_failed_statement_inside(ProbeContext p)
    {
        var (connection, transaction) = await BeginAsync(p, IsolationLevel.Unspecified);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT 1/0;";
        await p.ExecuteAsync("failing", command, Execution.Scalar);
        command.CommandText = "SELECT 1;";
        await p.ExecuteAsync("after the failure", command, Execution.Scalar);
        await p.Log.DoAsync("commit", () => p.Mode.CommitAsync(transaction));
        p.Log.Get("Connection", () => transaction.Connection);
    }

    private static async Task<(DbConnection Connection, DbTransaction Transaction)> BeginAsync(ProbeContext p, IsolationLevel level)
    {
        var connection = await p.OpenAsync();
        var transaction = p.IsAsync ? await connection.BeginTransactionAsync(level) : connection.BeginTransaction(level);
        return (connection, p.Log.Name(p.Track(transaction), "transaction"));
    }
}
