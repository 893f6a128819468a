using System.Data;
using System.Data.Common;
using System.Text;

namespace XRay.Data;

/// <summary>
/// A <see cref="DbBatch"/> over the provider's batch (where the provider supports batching): each execution of the
/// whole batch is one <c>sql</c> subsegment whose query holds every command's text, one per line.
/// </summary>
public sealed class TracedDbBatch : DbBatch
{
    private TracedDbConnection? connection;
    private TracedDbTransaction? transaction;

    /// <summary>Wraps a provider's batch that runs on a traced connection.</summary>
    /// <param name="innerBatch">The provider's batch; disposed with this one.</param>
    /// <param name="connection">The traced connection it runs on.</param>
    public TracedDbBatch(DbBatch innerBatch, TracedDbConnection connection)
        : this(innerBatch, connection?.Recorder, connection?.Options)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Connection = connection;
    }

    /// <summary>Wraps a provider's batch that records to the given recorder with the given options.</summary>
    /// <param name="innerBatch">The provider's batch; disposed with this one.</param>
    /// <param name="recorder">Where subsegments go; <see cref="XRayRecorder.Default"/> when null.</param>
    /// <param name="options">What is recorded; <see cref="TracedDbOptions.Default"/> when null.</param>
    public TracedDbBatch(DbBatch innerBatch, XRayRecorder? recorder, TracedDbOptions? options)
    {
        ArgumentNullException.ThrowIfNull(innerBatch);
        InnerBatch = innerBatch;
        Recorder = recorder ?? XRayRecorder.Default;
        Options = options ?? TracedDbOptions.Default;
    }

    /// <summary>The provider's own batch.</summary>
    public DbBatch InnerBatch { get; }

    /// <summary>The recorder that receives this batch's subsegments.</summary>
    public XRayRecorder Recorder { get; }

    /// <summary>What this batch records.</summary>
    public TracedDbOptions Options { get; }

    /// <inheritdoc cref="DbBatch.Timeout"/>
    public override int Timeout
    {
        get => InnerBatch.Timeout;
        set => InnerBatch.Timeout = value;
    }

    /// <inheritdoc cref="DbBatch.DbBatchCommands"/>
    protected override DbBatchCommandCollection DbBatchCommands => InnerBatch.BatchCommands;

    /// <inheritdoc cref="DbBatch.DbConnection"/>
    protected override DbConnection? DbConnection
    {
        get => connection ?? InnerBatch.Connection;
        set
        {
            connection = value as TracedDbConnection;
            InnerBatch.Connection = connection?.InnerConnection ?? value;
        }
    }

    /// <inheritdoc cref="DbBatch.DbTransaction"/>
    protected override DbTransaction? DbTransaction
    {
        get => transaction ?? InnerBatch.Transaction;
        set
        {
            transaction = value as TracedDbTransaction;
            InnerBatch.Transaction = transaction?.InnerTransaction ?? value;
        }
    }

    /// <inheritdoc cref="DbBatch.Cancel"/>
    public override void Cancel() => InnerBatch.Cancel();

    /// <inheritdoc cref="DbBatch.Prepare"/>
    public override void Prepare() => InnerBatch.Prepare();

    /// <inheritdoc cref="DbBatch.PrepareAsync(CancellationToken)"/>
    public override Task PrepareAsync(CancellationToken cancellationToken = default) => InnerBatch.PrepareAsync(cancellationToken);

    /// <inheritdoc cref="DbBatch.ExecuteNonQuery"/>
    public override int ExecuteNonQuery()
    {
        var subsegment = Begin();
        if (subsegment is null)
            return InnerBatch.ExecuteNonQuery();
        int rows;
        try
        {
            rows = InnerBatch.ExecuteNonQuery();
        }
        catch (Exception ex) when (Failed(subsegment, ex))
        {
            throw;
        }

        SqlCommandTracer.Succeed(subsegment, rowsAffected: rows);
        return rows;
    }

    /// <inheritdoc cref="DbBatch.ExecuteNonQueryAsync(CancellationToken)"/>
    public override async Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken = default)
    {
        var subsegment = Begin();
        if (subsegment is null)
            return await InnerBatch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        int rows;
        try
        {
            rows = await InnerBatch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Failed(subsegment, ex))
        {
            throw;
        }

        SqlCommandTracer.Succeed(subsegment, rowsAffected: rows);
        return rows;
    }

    /// <inheritdoc cref="DbBatch.ExecuteScalar"/>
    public override object? ExecuteScalar()
    {
        var subsegment = Begin();
        if (subsegment is null)
            return InnerBatch.ExecuteScalar();
        object? result;
        try
        {
            result = InnerBatch.ExecuteScalar();
        }
        catch (Exception ex) when (Failed(subsegment, ex))
        {
            throw;
        }

        SqlCommandTracer.Succeed(subsegment);
        return result;
    }

    /// <inheritdoc cref="DbBatch.ExecuteScalarAsync(CancellationToken)"/>
    public override async Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken = default)
    {
        var subsegment = Begin();
        if (subsegment is null)
            return await InnerBatch.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        object? result;
        try
        {
            result = await InnerBatch.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Failed(subsegment, ex))
        {
            throw;
        }

        SqlCommandTracer.Succeed(subsegment);
        return result;
    }

    /// <inheritdoc cref="DbBatch.DisposeAsync"/>
    public override ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return InnerBatch.DisposeAsync();
    }

    /// <inheritdoc cref="DbBatch.CreateDbBatchCommand"/>
    protected override DbBatchCommand CreateDbBatchCommand() => InnerBatch.CreateBatchCommand();

    /// <summary>Runs the provider's batch; the subsegment ends when the reader is closed or disposed.</summary>
    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior)
    {
        var subsegment = Begin();
        if (subsegment is null)
            return new TracedDbDataReader(InnerBatch.ExecuteReader(behavior), null);
        DbDataReader reader;
        try
        {
            reader = InnerBatch.ExecuteReader(behavior);
        }
        catch (Exception ex) when (Failed(subsegment, ex))
        {
            throw;
        }

        return new TracedDbDataReader(reader, subsegment, Options);
    }

    /// <inheritdoc cref="ExecuteDbDataReader(CommandBehavior)"/>
    protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken)
    {
        var subsegment = Begin();
        if (subsegment is null)
            return new TracedDbDataReader(await InnerBatch.ExecuteReaderAsync(behavior, cancellationToken).ConfigureAwait(false), null);
        DbDataReader reader;
        try
        {
            reader = await InnerBatch.ExecuteReaderAsync(behavior, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Failed(subsegment, ex))
        {
            throw;
        }

        return new TracedDbDataReader(reader, subsegment, Options);
    }

    /// <inheritdoc cref="DbBatch.Dispose"/>
    public override void Dispose()
    {
        InnerBatch.Dispose();
        base.Dispose();
    }

    private bool Failed(Subsegment subsegment, Exception exception)
    {
        SqlCommandTracer.Fail(subsegment, exception, Options);
        return false;
    }

    private Subsegment? Begin()
    {
        if (!SqlCommandTracer.MustBegin(Recorder) || InnerBatch.Connection is not { } providerConnection)
            return null;
        if (TraceContext.Current is not { Sampled: true })
            return SqlCommandTracer.Begin(Recorder, providerConnection, null, CommandType.Text, Options);

        var commands = InnerBatch.BatchCommands;
        var allProcedures = commands.Count > 0;
        var text = new StringBuilder();
        foreach (DbBatchCommand command in commands)
        {
            if (text.Length > 0)
                text.Append(";\n");
            text.Append(command.CommandText);
            allProcedures &= command.CommandType == CommandType.StoredProcedure;
        }

        return SqlCommandTracer.Begin(Recorder, providerConnection, text.ToString(), allProcedures ? CommandType.StoredProcedure : CommandType.Text, Options);
    }
}
