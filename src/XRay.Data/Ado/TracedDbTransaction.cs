using System.Data;
using System.Data.Common;

namespace XRay.Data;

/// <summary>
/// A <see cref="DbTransaction"/> over the provider's transaction whose commit, rollback and savepoints are recorded
/// as <c>sql</c> subsegments (<c>COMMIT</c>, <c>ROLLBACK</c>…) unless <see cref="TracedDbOptions.TraceTransactions"/>
/// is off. Code that needs the provider's transaction type (bulk copy, provider commands) reads
/// <see cref="InnerTransaction"/>.
/// </summary>
public sealed class TracedDbTransaction : DbTransaction
{
    private readonly TracedDbConnection connection;

    /// <summary>Wraps a transaction begun on the provider's connection behind <paramref name="connection"/>.</summary>
    /// <param name="innerTransaction">The provider's transaction; disposed with this one.</param>
    /// <param name="connection">The traced connection the transaction was begun on.</param>
    public TracedDbTransaction(DbTransaction innerTransaction, TracedDbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(innerTransaction);
        ArgumentNullException.ThrowIfNull(connection);
        InnerTransaction = innerTransaction;
        this.connection = connection;
    }

    /// <summary>The provider's own transaction.</summary>
    public DbTransaction InnerTransaction { get; }

    /// <inheritdoc cref="DbTransaction.IsolationLevel"/>
    public override IsolationLevel IsolationLevel => InnerTransaction.IsolationLevel;

    /// <inheritdoc cref="DbTransaction.SupportsSavepoints"/>
    public override bool SupportsSavepoints => InnerTransaction.SupportsSavepoints;

    /// <summary>The traced connection, or null when the provider's transaction no longer reports one.</summary>
    protected override DbConnection? DbConnection => InnerTransaction.Connection is null ? null : connection;

    /// <inheritdoc cref="DbTransaction.Commit"/>
    public override void Commit() => Run(SqlOperation.Commit, null, async: false, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc cref="DbTransaction.CommitAsync(CancellationToken)"/>
    public override Task CommitAsync(CancellationToken cancellationToken = default) => Run(SqlOperation.Commit, null, async: true, cancellationToken);

    /// <inheritdoc cref="DbTransaction.Rollback()"/>
    public override void Rollback() => Run(SqlOperation.Rollback, null, async: false, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc cref="DbTransaction.RollbackAsync(CancellationToken)"/>
    public override Task RollbackAsync(CancellationToken cancellationToken = default) => Run(SqlOperation.Rollback, null, async: true, cancellationToken);

    /// <inheritdoc cref="DbTransaction.Save(string)"/>
    public override void Save(string savepointName) => Run(SqlOperation.Savepoint, savepointName, async: false, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc cref="DbTransaction.SaveAsync(string, CancellationToken)"/>
    public override Task SaveAsync(string savepointName, CancellationToken cancellationToken = default)
        => Run(SqlOperation.Savepoint, savepointName, async: true, cancellationToken);

    /// <inheritdoc cref="DbTransaction.Rollback(string)"/>
    public override void Rollback(string savepointName)
        => Run(SqlOperation.RollbackToSavepoint, savepointName, async: false, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc cref="DbTransaction.RollbackAsync(string, CancellationToken)"/>
    public override Task RollbackAsync(string savepointName, CancellationToken cancellationToken = default)
        => Run(SqlOperation.RollbackToSavepoint, savepointName, async: true, cancellationToken);

    /// <inheritdoc cref="DbTransaction.Release(string)"/>
    public override void Release(string savepointName)
        => Run(SqlOperation.ReleaseSavepoint, savepointName, async: false, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc cref="DbTransaction.ReleaseAsync(string, CancellationToken)"/>
    public override Task ReleaseAsync(string savepointName, CancellationToken cancellationToken = default)
        => Run(SqlOperation.ReleaseSavepoint, savepointName, async: true, cancellationToken);

    /// <inheritdoc cref="DbTransaction.DisposeAsync"/>
    public override ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return InnerTransaction.DisposeAsync();
    }

    /// <inheritdoc cref="DbTransaction.Dispose(bool)"/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
            InnerTransaction.Dispose();
        base.Dispose(disposing);
    }

    private async Task Run(SqlOperation operation, string? savepointName, bool async, CancellationToken cancellationToken)
    {
        var call = connection.SqlRecorder.BeginOperation(connection.InnerConnection, operation);
        try
        {
            await Perform(operation, savepointName, async, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            call.Fail(ex);
            throw;
        }

        call.Succeed();
    }

    private Task Perform(SqlOperation operation, string? savepointName, bool async, CancellationToken cancellationToken)
    {
        var transaction = InnerTransaction;
        switch (operation)
        {
            case SqlOperation.Commit when async:
                return transaction.CommitAsync(cancellationToken);
            case SqlOperation.Commit:
                transaction.Commit();
                break;
            case SqlOperation.Rollback when async:
                return transaction.RollbackAsync(cancellationToken);
            case SqlOperation.Rollback:
                transaction.Rollback();
                break;
            case SqlOperation.Savepoint when async:
                return transaction.SaveAsync(savepointName!, cancellationToken);
            case SqlOperation.Savepoint:
                transaction.Save(savepointName!);
                break;
            case SqlOperation.RollbackToSavepoint when async:
                return transaction.RollbackAsync(savepointName!, cancellationToken);
            case SqlOperation.RollbackToSavepoint:
                transaction.Rollback(savepointName!);
                break;
            case SqlOperation.ReleaseSavepoint when async:
                return transaction.ReleaseAsync(savepointName!, cancellationToken);
            default:
                transaction.Release(savepointName!);
                break;
        }

        return Task.CompletedTask;
    }
}
