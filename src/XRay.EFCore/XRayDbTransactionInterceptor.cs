using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using XRay.Data;

namespace XRay.EFCore;

/// <summary>
/// Records the <c>COMMIT</c>, <c>ROLLBACK</c> and savepoints of the transactions EF Core runs, as a traced connection
/// records them; a <see cref="TracedDbTransaction"/> records its own. Added by <c>options.AddXRayInterceptor()</c>.
/// </summary>
public sealed class XRayDbTransactionInterceptor : DbTransactionInterceptor
{
    // One operation at a time per transaction; an entry dies with its transaction if EF Core never reports the end.
    private static readonly ConditionalWeakTable<DbTransaction, TransactionTrace> InFlight = new();

    private readonly SqlRecorder? configured;

    /// <summary>Creates the interceptor.</summary>
    /// <param name="recorder">Where subsegments go; <see cref="XRayRecorder.Default"/> when null.</param>
    /// <param name="options">What is recorded; <see cref="TracedDbOptions.Default"/> when null. Frozen from now on.</param>
    public XRayDbTransactionInterceptor(XRayRecorder? recorder = null, TracedDbOptions? options = null)
        : this(recorder is null && options is null ? null : new SqlRecorder(recorder, options))
    {
    }

    internal XRayDbTransactionInterceptor(SqlRecorder? sqlRecorder) => configured = sqlRecorder;

    /// <summary>How calls are recorded: the given recorder and options, else the defaults.</summary>
    public SqlRecorder SqlRecorder => configured ?? SqlRecorder.Default;

    /// <summary>The instance behind <c>AddXRayInterceptor()</c> without arguments.</summary>
    internal static XRayDbTransactionInterceptor Shared { get; } = new(sqlRecorder: null);

    /// <inheritdoc cref="DbTransactionInterceptor.TransactionCommitting(DbTransaction, TransactionEventData, InterceptionResult)"/>
    public override InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
        => Begin(transaction, eventData, result, SqlOperation.Commit);

    /// <inheritdoc cref="DbTransactionInterceptor.TransactionCommittingAsync(DbTransaction, TransactionEventData, InterceptionResult, CancellationToken)"/>
    public override ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        => new(Begin(transaction, eventData, result, SqlOperation.Commit));

    /// <inheritdoc cref="DbTransactionInterceptor.TransactionCommitted(DbTransaction, TransactionEndEventData)"/>
    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Succeed(transaction, eventData);

    /// <inheritdoc cref="DbTransactionInterceptor.TransactionCommittedAsync(DbTransaction, TransactionEndEventData, CancellationToken)"/>
    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        => Succeed(transaction, eventData);

    /// <inheritdoc cref="DbTransactionInterceptor.TransactionRollingBack(DbTransaction, TransactionEventData, InterceptionResult)"/>
    public override InterceptionResult TransactionRollingBack(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
        => Begin(transaction, eventData, result, SqlOperation.Rollback);

    /// <inheritdoc cref="DbTransactionInterceptor.TransactionRollingBackAsync(DbTransaction, TransactionEventData, InterceptionResult, CancellationToken)"/>
    public override ValueTask<InterceptionResult> TransactionRollingBackAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        => new(Begin(transaction, eventData, result, SqlOperation.Rollback));

    /// <inheritdoc cref="DbTransactionInterceptor.TransactionRolledBack(DbTransaction, TransactionEndEventData)"/>
    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Succeed(transaction, eventData);

    /// <inheritdoc cref="DbTransactionInterceptor.TransactionRolledBackAsync(DbTransaction, TransactionEndEventData, CancellationToken)"/>
    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        => Succeed(transaction, eventData);

    /// <inheritdoc cref="DbTransactionInterceptor.CreatingSavepoint(DbTransaction, TransactionEventData, InterceptionResult)"/>
    public override InterceptionResult CreatingSavepoint(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
        => Begin(transaction, eventData, result, SqlOperation.Savepoint);

    /// <inheritdoc cref="DbTransactionInterceptor.CreatingSavepointAsync(DbTransaction, TransactionEventData, InterceptionResult, CancellationToken)"/>
    public override ValueTask<InterceptionResult> CreatingSavepointAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        => new(Begin(transaction, eventData, result, SqlOperation.Savepoint));

    /// <inheritdoc cref="DbTransactionInterceptor.CreatedSavepoint(DbTransaction, TransactionEventData)"/>
    public override void CreatedSavepoint(DbTransaction transaction, TransactionEventData eventData) => Succeed(transaction, eventData);

    /// <inheritdoc cref="DbTransactionInterceptor.CreatedSavepointAsync(DbTransaction, TransactionEventData, CancellationToken)"/>
    public override Task CreatedSavepointAsync(DbTransaction transaction, TransactionEventData eventData, CancellationToken cancellationToken = default)
        => Succeed(transaction, eventData);

    /// <inheritdoc cref="DbTransactionInterceptor.RollingBackToSavepoint(DbTransaction, TransactionEventData, InterceptionResult)"/>
    public override InterceptionResult RollingBackToSavepoint(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
        => Begin(transaction, eventData, result, SqlOperation.RollbackToSavepoint);

    /// <inheritdoc cref="DbTransactionInterceptor.RollingBackToSavepointAsync(DbTransaction, TransactionEventData, InterceptionResult, CancellationToken)"/>
    public override ValueTask<InterceptionResult> RollingBackToSavepointAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        => new(Begin(transaction, eventData, result, SqlOperation.RollbackToSavepoint));

    /// <inheritdoc cref="DbTransactionInterceptor.RolledBackToSavepoint(DbTransaction, TransactionEventData)"/>
    public override void RolledBackToSavepoint(DbTransaction transaction, TransactionEventData eventData) => Succeed(transaction, eventData);

    /// <inheritdoc cref="DbTransactionInterceptor.RolledBackToSavepointAsync(DbTransaction, TransactionEventData, CancellationToken)"/>
    public override Task RolledBackToSavepointAsync(DbTransaction transaction, TransactionEventData eventData, CancellationToken cancellationToken = default)
        => Succeed(transaction, eventData);

    /// <inheritdoc cref="DbTransactionInterceptor.ReleasingSavepoint(DbTransaction, TransactionEventData, InterceptionResult)"/>
    public override InterceptionResult ReleasingSavepoint(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
        => Begin(transaction, eventData, result, SqlOperation.ReleaseSavepoint);

    /// <inheritdoc cref="DbTransactionInterceptor.ReleasingSavepointAsync(DbTransaction, TransactionEventData, InterceptionResult, CancellationToken)"/>
    public override ValueTask<InterceptionResult> ReleasingSavepointAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        => new(Begin(transaction, eventData, result, SqlOperation.ReleaseSavepoint));

    /// <inheritdoc cref="DbTransactionInterceptor.ReleasedSavepoint(DbTransaction, TransactionEventData)"/>
    public override void ReleasedSavepoint(DbTransaction transaction, TransactionEventData eventData) => Succeed(transaction, eventData);

    /// <inheritdoc cref="DbTransactionInterceptor.ReleasedSavepointAsync(DbTransaction, TransactionEventData, CancellationToken)"/>
    public override Task ReleasedSavepointAsync(DbTransaction transaction, TransactionEventData eventData, CancellationToken cancellationToken = default)
        => Succeed(transaction, eventData);

    /// <inheritdoc cref="DbTransactionInterceptor.TransactionFailed(DbTransaction, TransactionErrorEventData)"/>
    public override void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Fail(transaction, eventData);

    /// <inheritdoc cref="DbTransactionInterceptor.TransactionFailedAsync(DbTransaction, TransactionErrorEventData, CancellationToken)"/>
    public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
        => Fail(transaction, eventData);

    private InterceptionResult Begin(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, SqlOperation operation)
    {
        if (result.IsSuppressed || transaction is TracedDbTransaction || transaction.Connection is not { } connection)
            return result;
        var sql = SqlRecorder;
        if (!sql.MayRecord)
            return result;
        SqlCall call;
        try
        {
            call = sql.BeginOperation(connection, operation);
        }
        catch (ContextMissingException exception)
        {
            sql.Recorder.Options.Logger?.LogError(exception, "EF Core transaction operation run untraced: {Message}", exception.Message);
            return result;
        }

        if (call.IsRecording)
            InFlight.AddOrUpdate(transaction, new TransactionTrace(call, eventData.TransactionId));
        return result;
    }

    private static Task Succeed(DbTransaction transaction, TransactionEventData eventData)
    {
        Take(transaction, eventData)?.Call.Succeed();
        return Task.CompletedTask;
    }

    private static Task Fail(DbTransaction transaction, TransactionErrorEventData eventData)
    {
        Take(transaction, eventData)?.Call.Fail(eventData.Exception);
        return Task.CompletedTask;
    }

    private static TransactionTrace? Take(DbTransaction transaction, TransactionEventData eventData)
        => InFlight.TryGetValue(transaction, out var trace) && trace.TransactionId == eventData.TransactionId && InFlight.Remove(transaction) ? trace : null;

    private sealed class TransactionTrace(SqlCall call, Guid transactionId)
    {
        public SqlCall Call { get; } = call;

        public Guid TransactionId { get; } = transactionId;
    }
}
