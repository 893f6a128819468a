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
    public override void Commit() => Run("COMMIT", static t => t.Commit());

    /// <inheritdoc cref="DbTransaction.CommitAsync(CancellationToken)"/>
    public override Task CommitAsync(CancellationToken cancellationToken = default)
        => RunAsync("COMMIT", static (t, _, c) => t.CommitAsync(c), null, cancellationToken);

    /// <inheritdoc cref="DbTransaction.Rollback()"/>
    public override void Rollback() => Run("ROLLBACK", static t => t.Rollback());

    /// <inheritdoc cref="DbTransaction.RollbackAsync(CancellationToken)"/>
    public override Task RollbackAsync(CancellationToken cancellationToken = default)
        => RunAsync("ROLLBACK", static (t, _, c) => t.RollbackAsync(c), null, cancellationToken);

    /// <inheritdoc cref="DbTransaction.Save(string)"/>
    public override void Save(string savepointName) => Run("SAVEPOINT", t => t.Save(savepointName));

    /// <inheritdoc cref="DbTransaction.SaveAsync(string, CancellationToken)"/>
    public override Task SaveAsync(string savepointName, CancellationToken cancellationToken = default)
        => RunAsync("SAVEPOINT", static (t, name, c) => t.SaveAsync(name!, c), savepointName, cancellationToken);

    /// <inheritdoc cref="DbTransaction.Rollback(string)"/>
    public override void Rollback(string savepointName) => Run("ROLLBACK TO SAVEPOINT", t => t.Rollback(savepointName));

    /// <inheritdoc cref="DbTransaction.RollbackAsync(string, CancellationToken)"/>
    public override Task RollbackAsync(string savepointName, CancellationToken cancellationToken = default)
        => RunAsync("ROLLBACK TO SAVEPOINT", static (t, name, c) => t.RollbackAsync(name!, c), savepointName, cancellationToken);

    /// <inheritdoc cref="DbTransaction.Release(string)"/>
    public override void Release(string savepointName) => Run("RELEASE SAVEPOINT", t => t.Release(savepointName));

    /// <inheritdoc cref="DbTransaction.ReleaseAsync(string, CancellationToken)"/>
    public override Task ReleaseAsync(string savepointName, CancellationToken cancellationToken = default)
        => RunAsync("RELEASE SAVEPOINT", static (t, name, c) => t.ReleaseAsync(name!, c), savepointName, cancellationToken);

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

    private bool Failed(Subsegment subsegment, Exception exception)
    {
        SqlCommandTracer.Fail(subsegment, exception, connection.Options);
        return false;
    }

    private Subsegment? Begin(string operation)
        => connection.Options.TraceTransactions ? SqlCommandTracer.BeginOperation(connection.Recorder, connection.InnerConnection, operation) : null;

    private void Run(string operation, Action<DbTransaction> action)
    {
        var subsegment = Begin(operation);
        if (subsegment is null)
        {
            action(InnerTransaction);
            return;
        }

        try
        {
            action(InnerTransaction);
        }
        catch (Exception ex) when (Failed(subsegment, ex))
        {
            throw;
        }

        SqlCommandTracer.Succeed(subsegment);
    }

    private Task RunAsync(string operation, Func<DbTransaction, string?, CancellationToken, Task> action, string? savepointName, CancellationToken cancellationToken)
    {
        var subsegment = Begin(operation);
        return subsegment is null ? action(InnerTransaction, savepointName, cancellationToken) : Traced(subsegment);

        async Task Traced(Subsegment subsegment)
        {
            try
            {
                await action(InnerTransaction, savepointName, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (Failed(subsegment, ex))
            {
                throw;
            }

            SqlCommandTracer.Succeed(subsegment);
        }
    }
}
