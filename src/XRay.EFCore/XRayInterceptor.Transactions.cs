using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;
using XRay.Data;

namespace XRay.EFCore;

// Transactions: COMMIT, ROLLBACK and savepoints, as a traced connection records them. A traced transaction records
// its own and is left to it.
public sealed partial class XRayInterceptor
{
    // One operation at a time per transaction; an entry dies with its transaction if EF Core never reports the end.
    private static readonly ConditionalWeakTable<DbTransaction, InFlightCall> Transactions = new();

    /// <inheritdoc cref="IDbTransactionInterceptor.TransactionCommitting(DbTransaction, TransactionEventData, InterceptionResult)"/>
    public InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
        => BeginTransactionOperation(transaction, eventData, result, SqlOperation.Commit);

    /// <inheritdoc cref="IDbTransactionInterceptor.TransactionCommittingAsync(DbTransaction, TransactionEventData, InterceptionResult, CancellationToken)"/>
    public ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        => new(TransactionCommitting(transaction, eventData, result));

    /// <inheritdoc cref="IDbTransactionInterceptor.TransactionCommitted(DbTransaction, TransactionEndEventData)"/>
    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => EndTransactionOperation(transaction, eventData, null);

    /// <inheritdoc cref="IDbTransactionInterceptor.TransactionCommittedAsync(DbTransaction, TransactionEndEventData, CancellationToken)"/>
    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        => EndTransactionOperation(transaction, eventData, null);

    /// <inheritdoc cref="IDbTransactionInterceptor.TransactionRollingBack(DbTransaction, TransactionEventData, InterceptionResult)"/>
    public InterceptionResult TransactionRollingBack(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
        => BeginTransactionOperation(transaction, eventData, result, SqlOperation.Rollback);

    /// <inheritdoc cref="IDbTransactionInterceptor.TransactionRollingBackAsync(DbTransaction, TransactionEventData, InterceptionResult, CancellationToken)"/>
    public ValueTask<InterceptionResult> TransactionRollingBackAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        => new(TransactionRollingBack(transaction, eventData, result));

    /// <inheritdoc cref="IDbTransactionInterceptor.TransactionRolledBack(DbTransaction, TransactionEndEventData)"/>
    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => EndTransactionOperation(transaction, eventData, null);

    /// <inheritdoc cref="IDbTransactionInterceptor.TransactionRolledBackAsync(DbTransaction, TransactionEndEventData, CancellationToken)"/>
    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        => EndTransactionOperation(transaction, eventData, null);

    /// <inheritdoc cref="IDbTransactionInterceptor.CreatingSavepoint(DbTransaction, TransactionEventData, InterceptionResult)"/>
    public InterceptionResult CreatingSavepoint(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
        => BeginTransactionOperation(transaction, eventData, result, SqlOperation.Savepoint);

    /// <inheritdoc cref="IDbTransactionInterceptor.CreatingSavepointAsync(DbTransaction, TransactionEventData, InterceptionResult, CancellationToken)"/>
    public ValueTask<InterceptionResult> CreatingSavepointAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        => new(CreatingSavepoint(transaction, eventData, result));

    /// <inheritdoc cref="IDbTransactionInterceptor.CreatedSavepoint(DbTransaction, TransactionEventData)"/>
    public void CreatedSavepoint(DbTransaction transaction, TransactionEventData eventData) => EndTransactionOperation(transaction, eventData, null);

    /// <inheritdoc cref="IDbTransactionInterceptor.CreatedSavepointAsync(DbTransaction, TransactionEventData, CancellationToken)"/>
    public Task CreatedSavepointAsync(DbTransaction transaction, TransactionEventData eventData, CancellationToken cancellationToken = default)
        => EndTransactionOperation(transaction, eventData, null);

    /// <inheritdoc cref="IDbTransactionInterceptor.RollingBackToSavepoint(DbTransaction, TransactionEventData, InterceptionResult)"/>
    public InterceptionResult RollingBackToSavepoint(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
        => BeginTransactionOperation(transaction, eventData, result, SqlOperation.RollbackToSavepoint);

    /// <inheritdoc cref="IDbTransactionInterceptor.RollingBackToSavepointAsync(DbTransaction, TransactionEventData, InterceptionResult, CancellationToken)"/>
    public ValueTask<InterceptionResult> RollingBackToSavepointAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        => new(RollingBackToSavepoint(transaction, eventData, result));

    /// <inheritdoc cref="IDbTransactionInterceptor.RolledBackToSavepoint(DbTransaction, TransactionEventData)"/>
    public void RolledBackToSavepoint(DbTransaction transaction, TransactionEventData eventData) => EndTransactionOperation(transaction, eventData, null);

    /// <inheritdoc cref="IDbTransactionInterceptor.RolledBackToSavepointAsync(DbTransaction, TransactionEventData, CancellationToken)"/>
    public Task RolledBackToSavepointAsync(DbTransaction transaction, TransactionEventData eventData, CancellationToken cancellationToken = default)
        => EndTransactionOperation(transaction, eventData, null);

    /// <inheritdoc cref="IDbTransactionInterceptor.ReleasingSavepoint(DbTransaction, TransactionEventData, InterceptionResult)"/>
    public InterceptionResult ReleasingSavepoint(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
        => BeginTransactionOperation(transaction, eventData, result, SqlOperation.ReleaseSavepoint);

    /// <inheritdoc cref="IDbTransactionInterceptor.ReleasingSavepointAsync(DbTransaction, TransactionEventData, InterceptionResult, CancellationToken)"/>
    public ValueTask<InterceptionResult> ReleasingSavepointAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        => new(ReleasingSavepoint(transaction, eventData, result));

    /// <inheritdoc cref="IDbTransactionInterceptor.ReleasedSavepoint(DbTransaction, TransactionEventData)"/>
    public void ReleasedSavepoint(DbTransaction transaction, TransactionEventData eventData) => EndTransactionOperation(transaction, eventData, null);

    /// <inheritdoc cref="IDbTransactionInterceptor.ReleasedSavepointAsync(DbTransaction, TransactionEventData, CancellationToken)"/>
    public Task ReleasedSavepointAsync(DbTransaction transaction, TransactionEventData eventData, CancellationToken cancellationToken = default)
        => EndTransactionOperation(transaction, eventData, null);

    /// <inheritdoc cref="IDbTransactionInterceptor.TransactionFailed(DbTransaction, TransactionErrorEventData)"/>
    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => EndTransactionOperation(transaction, eventData, eventData.Exception);

    /// <inheritdoc cref="IDbTransactionInterceptor.TransactionFailedAsync(DbTransaction, TransactionErrorEventData, CancellationToken)"/>
    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
        => EndTransactionOperation(transaction, eventData, eventData.Exception);

    private InterceptionResult BeginTransactionOperation(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, SqlOperation operation)
    {
        if (result.IsSuppressed || transaction is TracedDbTransaction || transaction.Connection is not { } connection
            || SqlRecorderFor(eventData.Context) is not { MayRecord: true } sql)
            return result;
        var call = Begin(sql, (connection, operation), static (s, x) => s.BeginOperation(x.connection, x.operation), "transaction operation");
        if (call.IsRecording)
            Transactions.AddOrUpdate(transaction, new InFlightCall(call, eventData.TransactionId));
        return result;
    }

    /// <summary>Ends the transaction's operation in flight: a success, or a failure with <paramref name="exception"/>.</summary>
    private static Task EndTransactionOperation(DbTransaction transaction, TransactionEventData eventData, Exception? exception)
    {
        if (Transactions.TryGetValue(transaction, out var operation) && operation.Id == eventData.TransactionId && Transactions.Remove(transaction))
        {
            if (exception is null)
                operation.Call.Succeed();
            else
                operation.Call.Fail(exception);
        }

        return Task.CompletedTask;
    }
}
