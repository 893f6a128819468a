using System.Data;
using System.Data.Common;

namespace XRay.Testing;

/// <summary>
/// Which half of ADO.NET a test drives: a test class takes one as its fixture parameter and calls through these
/// extensions, so every scenario runs once with the synchronous methods and once with the asynchronous ones.
/// </summary>
public enum SyncOrAsync
{
    /// <summary>The synchronous methods: <c>Open</c>, <c>ExecuteNonQuery</c>, <c>Read</c>, <c>Commit</c>…</summary>
    Sync,

    /// <summary>The asynchronous methods: <c>OpenAsync</c>, <c>ExecuteNonQueryAsync</c>, <c>ReadAsync</c>, <c>CommitAsync</c>…</summary>
    Async,
}

/// <summary>ADO.NET calls made the way a <see cref="SyncOrAsync"/> says.</summary>
public static class SyncOrAsyncExtensions
{
    public static async Task OpenAsync(this SyncOrAsync mode, DbConnection connection)
    {
        if (mode == SyncOrAsync.Async)
            await connection.OpenAsync();
        else
            connection.Open();
    }

    public static async Task<int> ExecuteNonQueryAsync(this SyncOrAsync mode, DbCommand command)
        => mode == SyncOrAsync.Async ? await command.ExecuteNonQueryAsync() : command.ExecuteNonQuery();

    public static async Task<object?> ExecuteScalarAsync(this SyncOrAsync mode, DbCommand command)
        => mode == SyncOrAsync.Async ? await command.ExecuteScalarAsync() : command.ExecuteScalar();

    public static async Task<DbDataReader> ExecuteReaderAsync(this SyncOrAsync mode, DbCommand command, CommandBehavior behavior = CommandBehavior.Default)
        => mode == SyncOrAsync.Async ? await command.ExecuteReaderAsync(behavior) : command.ExecuteReader(behavior);

    public static async Task<int> ExecuteNonQueryAsync(this SyncOrAsync mode, DbBatch batch)
        => mode == SyncOrAsync.Async ? await batch.ExecuteNonQueryAsync() : batch.ExecuteNonQuery();

    public static async Task<object?> ExecuteScalarAsync(this SyncOrAsync mode, DbBatch batch)
        => mode == SyncOrAsync.Async ? await batch.ExecuteScalarAsync() : batch.ExecuteScalar();

    public static async Task<DbDataReader> ExecuteReaderAsync(this SyncOrAsync mode, DbBatch batch)
        => mode == SyncOrAsync.Async ? await batch.ExecuteReaderAsync() : batch.ExecuteReader();

    public static async Task<bool> ReadAsync(this SyncOrAsync mode, DbDataReader reader)
        => mode == SyncOrAsync.Async ? await reader.ReadAsync() : reader.Read();

    public static async Task<bool> NextResultAsync(this SyncOrAsync mode, DbDataReader reader)
        => mode == SyncOrAsync.Async ? await reader.NextResultAsync() : reader.NextResult();

    public static async Task CloseAsync(this SyncOrAsync mode, DbDataReader reader)
    {
        if (mode == SyncOrAsync.Async)
            await reader.CloseAsync();
        else
            reader.Close();
    }

    public static async Task DisposeAsync(this SyncOrAsync mode, IAsyncDisposable disposable)
    {
        if (mode == SyncOrAsync.Async)
            await disposable.DisposeAsync();
        else
            ((IDisposable)disposable).Dispose();
    }

    public static async Task<DbTransaction> BeginTransactionAsync(this SyncOrAsync mode, DbConnection connection)
        => mode == SyncOrAsync.Async ? await connection.BeginTransactionAsync() : connection.BeginTransaction();

    public static async Task CommitAsync(this SyncOrAsync mode, DbTransaction transaction)
    {
        if (mode == SyncOrAsync.Async)
            await transaction.CommitAsync();
        else
            transaction.Commit();
    }

    public static async Task RollbackAsync(this SyncOrAsync mode, DbTransaction transaction)
    {
        if (mode == SyncOrAsync.Async)
            await transaction.RollbackAsync();
        else
            transaction.Rollback();
    }

    public static async Task SaveAsync(this SyncOrAsync mode, DbTransaction transaction, string savepoint)
    {
        if (mode == SyncOrAsync.Async)
            await transaction.SaveAsync(savepoint);
        else
            transaction.Save(savepoint);
    }

    public static async Task RollbackAsync(this SyncOrAsync mode, DbTransaction transaction, string savepoint)
    {
        if (mode == SyncOrAsync.Async)
            await transaction.RollbackAsync(savepoint);
        else
            transaction.Rollback(savepoint);
    }

    public static async Task ReleaseAsync(this SyncOrAsync mode, DbTransaction transaction, string savepoint)
    {
        if (mode == SyncOrAsync.Async)
            await transaction.ReleaseAsync(savepoint);
        else
            transaction.Release(savepoint);
    }
}
