using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;

namespace XRay.Data;

/// <summary>
/// A <see cref="DbBatch"/> over the provider's batch (where the provider supports batching): each execution of the
/// whole batch is one <c>sql</c> subsegment whose query holds every command's text, one per line.
/// </summary>
public sealed class TracedDbBatch : DbBatch, IProviderConnectionSource
{
    private readonly SqlRecorder? ownRecorder;
    private readonly DbConnection? describingConnection;
    private TracedDbConnection? connection;
    private TracedDbTransaction? transaction;

    /// <summary>Wraps a provider's batch that runs on a traced connection.</summary>
    /// <param name="innerBatch">The provider's batch; disposed with this one.</param>
    /// <param name="connection">The traced connection it runs on; its recorder and options apply.</param>
    public TracedDbBatch(DbBatch innerBatch, TracedDbConnection connection)
        : this(innerBatch, sqlRecorder: null, describingConnection: null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Connection = connection;
    }

    /// <summary>Wraps a provider's batch that records to the given recorder with the given options.</summary>
    /// <param name="innerBatch">The provider's batch; disposed with this one.</param>
    /// <param name="recorder">Where subsegments go; when both this and <paramref name="options"/> are null, the traced connection's.</param>
    /// <param name="options">What is recorded; when both this and <paramref name="recorder"/> are null, the traced connection's.</param>
    public TracedDbBatch(DbBatch innerBatch, XRayRecorder? recorder, TracedDbOptions? options)
        : this(innerBatch, recorder is null && options is null ? null : new SqlRecorder(recorder, options), describingConnection: null)
    {
    }

    internal TracedDbBatch(DbBatch innerBatch, SqlRecorder? sqlRecorder, DbConnection? describingConnection)
    {
        ArgumentNullException.ThrowIfNull(innerBatch);
        InnerBatch = innerBatch;
        ownRecorder = sqlRecorder;
        this.describingConnection = describingConnection;
    }

    /// <summary>The provider's own batch.</summary>
    public DbBatch InnerBatch { get; }

    /// <summary>How this batch's executions are recorded: its own, else its traced connection's, else the defaults.</summary>
    public SqlRecorder SqlRecorder => ownRecorder ?? connection?.SqlRecorder ?? SqlRecorder.Default;

    /// <summary>The recorder that receives this batch's subsegments.</summary>
    public XRayRecorder Recorder => SqlRecorder.Recorder;

    /// <summary>What this batch records.</summary>
    public TracedDbOptions Options => SqlRecorder.Options;

    /// <inheritdoc cref="DbBatch.Timeout"/>
    public override int Timeout
    {
        get => InnerBatch.Timeout;
        set => InnerBatch.Timeout = value;
    }

    /// <inheritdoc cref="DbBatch.DbBatchCommands"/>
    protected override DbBatchCommandCollection DbBatchCommands => InnerBatch.BatchCommands;

    /// <summary>
    /// The traced connection when the provider's batch runs on its provider connection, else whatever the provider's
    /// batch reports. A traced connection is given to the provider's batch as its provider connection.
    /// </summary>
    protected override DbConnection? DbConnection
    {
        get => InnerBatch.Connection is { } inner && connection is { } traced && ReferenceEquals(traced.InnerConnection, inner) ? traced : InnerBatch.Connection;
        set
        {
            var traced = value as TracedDbConnection;
            InnerBatch.Connection = traced?.InnerConnection ?? value;
            connection = traced;
        }
    }

    /// <summary>
    /// The traced transaction when the provider's batch runs in a transaction begun on a traced connection, else
    /// whatever the provider's batch reports (null once the provider lets go of a finished transaction).
    /// </summary>
    protected override DbTransaction? DbTransaction
    {
        get => InnerBatch.Transaction is not { } inner ? null
            : transaction is { } traced && ReferenceEquals(traced.InnerTransaction, inner) ? traced
            : connection?.Traced(inner) ?? inner;
        set
        {
            var traced = value as TracedDbTransaction;
            InnerBatch.Transaction = traced?.InnerTransaction ?? value;
            transaction = traced;
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
        => Records(out var context) ? ExecuteNonQuery(context, async: false, CancellationToken.None).GetAwaiter().GetResult() : InnerBatch.ExecuteNonQuery();

    /// <inheritdoc cref="DbBatch.ExecuteNonQueryAsync(CancellationToken)"/>
    public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken = default)
        => RecordsAsync(out var context, out var refused) ? ExecuteNonQuery(context, async: true, cancellationToken).AsTask()
            : refused is null ? InnerBatch.ExecuteNonQueryAsync(cancellationToken)
            : Task.FromException<int>(refused);

    /// <inheritdoc cref="DbBatch.ExecuteScalar"/>
    public override object? ExecuteScalar()
        => Records(out var context) ? ExecuteScalar(context, async: false, CancellationToken.None).GetAwaiter().GetResult() : InnerBatch.ExecuteScalar();

    /// <inheritdoc cref="DbBatch.ExecuteScalarAsync(CancellationToken)"/>
    public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken = default)
        => RecordsAsync(out var context, out var refused) ? ExecuteScalar(context, async: true, cancellationToken).AsTask()
            : refused is null ? InnerBatch.ExecuteScalarAsync(cancellationToken)
            : Task.FromException<object?>(refused);

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
        => Records(out var context)
            ? ExecuteReader(context, async: false, behavior, CancellationToken.None).GetAwaiter().GetResult()
            : TracedDbDataReader.Over(InnerBatch.ExecuteReader(behavior), default, connection);

    /// <inheritdoc cref="ExecuteDbDataReader(CommandBehavior)"/>
    protected override Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken)
        => RecordsAsync(out var context, out var refused) ? ExecuteReader(context, async: true, behavior, cancellationToken).AsTask()
            : refused is null ? UntracedReaderAsync(behavior, cancellationToken)
            : Task.FromException<DbDataReader>(refused);

    /// <inheritdoc cref="DbBatch.Dispose"/>
    public override void Dispose()
    {
        InnerBatch.Dispose();
        base.Dispose();
    }

    /// <summary>The provider's connection that describes this batch's calls.</summary>
    // A data source's own batch refuses to tell its connection: the describing one stands in.
    private DbConnection? ProviderConnection => describingConnection ?? InnerBatch.Connection;

    /// <inheritdoc cref="ProviderConnection"/>
    DbConnection? IProviderConnectionSource.ProviderConnection => ProviderConnection;

    /// <summary>
    /// Whether this execution is recorded, decided before the one body that runs it: an execution nothing records
    /// runs the provider directly. May throw <see cref="ContextMissingException"/> under <c>RUNTIME_ERROR</c>.
    /// </summary>
    private bool Records(out SqlCallContext context) => SqlRecorder.Records(this, out context);

    /// <summary>As <see cref="Records"/>, with the context-missing strategy's exception kept for the returned task.</summary>
    private bool RecordsAsync(out SqlCallContext context, out Exception? refused)
        => SqlRecorder.RecordsAsync(this, out context, out refused);

    private SqlCall Begin(in SqlCallContext context)
        => ProviderConnection is { } providerConnection ? SqlRecorder.BeginBatch(providerConnection, InnerBatch, context) : default;

    private async Task<DbDataReader> UntracedReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken)
        => TracedDbDataReader.Over(await InnerBatch.ExecuteReaderAsync(behavior, cancellationToken).ConfigureAwait(false), default, connection);

    // As TracedDbCommand's: one body per execution for sync and async, the async end in SqlCall.EndWhenDone.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ValueTask<int> ExecuteNonQuery(SqlCallContext context, bool async, CancellationToken cancellationToken)
    {
        var call = Begin(context);
        int rows;
        try
        {
            if (async)
                return call.EndWhenDone(InnerBatch.ExecuteNonQueryAsync(cancellationToken), this, SqlCall.RowsAffected);
            rows = InnerBatch.ExecuteNonQuery();
        }
        catch (Exception ex)
        {
            call.Fail(ex);
            throw;
        }

        return new(SqlCall.RowsAffected(call, rows, this));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ValueTask<object?> ExecuteScalar(SqlCallContext context, bool async, CancellationToken cancellationToken)
    {
        var call = Begin(context);
        object? result;
        try
        {
            if (async)
                return call.EndWhenDone(InnerBatch.ExecuteScalarAsync(cancellationToken), this, SqlCall.Scalar);
            result = InnerBatch.ExecuteScalar();
        }
        catch (Exception ex)
        {
            call.Fail(ex);
            throw;
        }

        return new(SqlCall.Scalar(call, result, this));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ValueTask<DbDataReader> ExecuteReader(SqlCallContext context, bool async, CommandBehavior behavior, CancellationToken cancellationToken)
    {
        var call = Begin(context);
        DbDataReader reader;
        try
        {
            if (async)
                return call.EndWhenDone(InnerBatch.ExecuteReaderAsync(behavior, cancellationToken), this, ReaderOpened);
            reader = InnerBatch.ExecuteReader(behavior);
        }
        catch (Exception ex)
        {
            call.Fail(ex);
            throw;
        }

        return new(ReaderOpened(call, reader, this));
    }

    // The reader's close ends the call, with the rows read.
    private static DbDataReader ReaderOpened(SqlCall call, DbDataReader reader, TracedDbBatch batch)
        => TracedDbDataReader.Over(reader, call, batch.connection);
}
