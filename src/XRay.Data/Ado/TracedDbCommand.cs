using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace XRay.Data;

/// <summary>
/// A <see cref="DbCommand"/> that records each execution as one X-Ray <c>sql</c> subsegment. Parameters are
/// created by the provider's command, so provider-specific parameters keep working; <see cref="DbCommand.Connection"/> and
/// <see cref="DbCommand.Transaction"/> return the traced objects while the provider's command holds the provider's own.
/// </summary>
public sealed class TracedDbCommand : DbCommand, IDbCommand, ICloneable, IProviderConnectionSource
{
    private readonly SqlRecorder? ownRecorder;

    // A data source's command runs on connections of its own choosing; this one, never opened, describes them.
    private readonly DbConnection? describingConnection;
    private TracedDbConnection? connection;
    private TracedDbTransaction? transaction;

    /// <summary>Wraps a provider's command.</summary>
    /// <param name="innerCommand">The provider's command; disposed with this one.</param>
    /// <param name="connection">The traced connection it runs on, when it has one; its recorder and options apply.</param>
    public TracedDbCommand(DbCommand innerCommand, TracedDbConnection? connection = null)
    {
        ArgumentNullException.ThrowIfNull(innerCommand);
        InnerCommand = innerCommand;
        this.connection = connection;
        if (connection is not null && !ReferenceEquals(innerCommand.Connection, connection.InnerConnection))
            innerCommand.Connection = connection.InnerConnection;
    }

    /// <summary>Wraps a provider's command that records to the given recorder with the given options.</summary>
    /// <param name="innerCommand">The provider's command; disposed with this one.</param>
    /// <param name="recorder">Where subsegments go; when both this and <paramref name="options"/> are null, the traced connection's.</param>
    /// <param name="options">What is recorded; when both this and <paramref name="recorder"/> are null, the traced connection's.</param>
    public TracedDbCommand(DbCommand innerCommand, XRayRecorder? recorder, TracedDbOptions? options)
        : this(innerCommand, recorder is null && options is null ? null : new SqlRecorder(recorder, options), describingConnection: null)
    {
    }

    internal TracedDbCommand(DbCommand innerCommand, SqlRecorder? sqlRecorder, DbConnection? describingConnection)
    {
        ArgumentNullException.ThrowIfNull(innerCommand);
        InnerCommand = innerCommand;
        ownRecorder = sqlRecorder;
        this.describingConnection = describingConnection;
    }

    /// <summary>The provider's own command.</summary>
    public DbCommand InnerCommand { get; }

    /// <summary>How this command's executions are recorded: its own, else its traced connection's, else the defaults.</summary>
    public SqlRecorder SqlRecorder => ownRecorder ?? connection?.SqlRecorder ?? SqlRecorder.Default;

    /// <summary>The recorder that receives this command's subsegments.</summary>
    public XRayRecorder Recorder => SqlRecorder.Recorder;

    /// <summary>What this command records.</summary>
    public TracedDbOptions Options => SqlRecorder.Options;

    /// <summary>
    /// Set by a framework that records this command's executions itself through <see cref="SqlRecorder"/>, with
    /// context of its own (EF Core's interceptor does): the command then records nothing, and its readers are the
    /// provider's own, which such frameworks and their providers read directly.
    /// </summary>
    public bool RecordedByCaller { get; set; }

    /// <inheritdoc cref="DbCommand.CommandText"/>
    [AllowNull]
    public override string CommandText
    {
        get => InnerCommand.CommandText;
        set => InnerCommand.CommandText = value;
    }

    /// <inheritdoc cref="DbCommand.CommandTimeout"/>
    public override int CommandTimeout
    {
        get => InnerCommand.CommandTimeout;
        set => InnerCommand.CommandTimeout = value;
    }

    /// <inheritdoc cref="DbCommand.CommandType"/>
    public override CommandType CommandType
    {
        get => InnerCommand.CommandType;
        set => InnerCommand.CommandType = value;
    }

    /// <inheritdoc cref="DbCommand.DesignTimeVisible"/>
    public override bool DesignTimeVisible
    {
        get => InnerCommand.DesignTimeVisible;
        set => InnerCommand.DesignTimeVisible = value;
    }

    /// <inheritdoc cref="DbCommand.UpdatedRowSource"/>
    public override UpdateRowSource UpdatedRowSource
    {
        get => InnerCommand.UpdatedRowSource;
        set => InnerCommand.UpdatedRowSource = value;
    }

    /// <summary>
    /// The traced connection when the provider's command runs on its provider connection, else whatever the provider's
    /// command reports. A traced connection is given to the provider's command as its provider connection.
    /// </summary>
    protected override DbConnection? DbConnection
    {
        get => InnerCommand.Connection is { } inner && connection is { } traced && ReferenceEquals(traced.InnerConnection, inner) ? traced : InnerCommand.Connection;
        set
        {
            var traced = value as TracedDbConnection;
            InnerCommand.Connection = traced?.InnerConnection ?? value;
            connection = traced;
        }
    }

    /// <summary>
    /// What <see cref="DbCommand.Connection"/> returns, except that for name-based feature detection (Dapper's
    /// PostgreSQL arrays) a traced connection is reported as a stand-in named like the provider's connection that
    /// delegates to it; see <see cref="TracedDbConnection"/>.
    /// </summary>
    IDbConnection? IDbCommand.Connection
    {
        get => DbConnection is TracedDbConnection traced ? traced.ProviderNamedConnection : DbConnection;
        set => DbConnection = value is null ? null : TracedDbConnection.FromProviderNamed(value) ?? (DbConnection)value;
    }

    /// <inheritdoc cref="DbCommand.DbParameterCollection"/>
    protected override DbParameterCollection DbParameterCollection => InnerCommand.Parameters;

    /// <summary>
    /// The traced transaction when the provider's command runs in a transaction begun on a traced connection, else
    /// whatever the provider's command reports (null once the provider lets go of a finished transaction).
    /// </summary>
    protected override DbTransaction? DbTransaction
    {
        get => InnerCommand.Transaction is not { } inner ? null
            : transaction is { } traced && ReferenceEquals(traced.InnerTransaction, inner) ? traced
            : connection?.Traced(inner) ?? inner;
        set
        {
            var traced = value as TracedDbTransaction;
            InnerCommand.Transaction = traced?.InnerTransaction ?? value;
            transaction = traced;
        }
    }

    /// <summary>
    /// A traced command over a clone of the provider's command, on the same connection and transaction and recording
    /// as this one does. The provider's command must be <see cref="ICloneable"/> (Npgsql's, SqlClient's and
    /// MySqlConnector's are); otherwise this throws the <see cref="InvalidCastException"/> that casting the provider's
    /// command throws.
    /// </summary>
    public TracedDbCommand Clone()
    {
        var clone = new TracedDbCommand((DbCommand)((ICloneable)InnerCommand).Clone(), ownRecorder, describingConnection);
        clone.connection = connection;
        clone.transaction = transaction;
        return clone;
    }

    /// <inheritdoc cref="Clone"/>
    object ICloneable.Clone() => Clone();

    /// <inheritdoc cref="DbCommand.Cancel"/>
    public override void Cancel() => InnerCommand.Cancel();

    /// <inheritdoc cref="DbCommand.Prepare"/>
    public override void Prepare() => InnerCommand.Prepare();

    /// <inheritdoc cref="DbCommand.PrepareAsync(CancellationToken)"/>
    public override Task PrepareAsync(CancellationToken cancellationToken = default) => InnerCommand.PrepareAsync(cancellationToken);

    /// <inheritdoc cref="DbCommand.ExecuteNonQuery"/>
    public override int ExecuteNonQuery()
        => Records(out var context) ? ExecuteNonQuery(context, async: false, CancellationToken.None).GetAwaiter().GetResult() : InnerCommand.ExecuteNonQuery();

    /// <inheritdoc cref="DbCommand.ExecuteNonQueryAsync(CancellationToken)"/>
    public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken)
        => RecordsAsync(out var context, out var refused) ? ExecuteNonQuery(context, async: true, cancellationToken).AsTask()
            : refused is null ? InnerCommand.ExecuteNonQueryAsync(cancellationToken)
            : Task.FromException<int>(refused);

    /// <inheritdoc cref="DbCommand.ExecuteScalar"/>
    public override object? ExecuteScalar()
        => Records(out var context) ? ExecuteScalar(context, async: false, CancellationToken.None).GetAwaiter().GetResult() : InnerCommand.ExecuteScalar();

    /// <inheritdoc cref="DbCommand.ExecuteScalarAsync(CancellationToken)"/>
    public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken)
        => RecordsAsync(out var context, out var refused) ? ExecuteScalar(context, async: true, cancellationToken).AsTask()
            : refused is null ? InnerCommand.ExecuteScalarAsync(cancellationToken)
            : Task.FromException<object?>(refused);

    /// <summary>Disposes the provider's command; <c>Disposed</c> is raised exactly when the provider's command raises it.</summary>
    public override async ValueTask DisposeAsync()
    {
        await DisposeInner(async: true).ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc cref="DbCommand.CreateDbParameter"/>
    protected override DbParameter CreateDbParameter() => InnerCommand.CreateParameter();

    /// <summary>
    /// Runs the provider's reader; the subsegment stays open until the reader is closed or disposed, so it covers
    /// reading the rows, and records how many were read.
    /// </summary>
    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior)
    {
        if (Records(out var context))
            return ExecuteReader(context, async: false, behavior, CancellationToken.None).GetAwaiter().GetResult();
        var reader = InnerCommand.ExecuteReader(behavior);
        return RecordedByCaller ? reader : TracedDbDataReader.Over(reader, default, connection);
    }

    /// <inheritdoc cref="ExecuteDbDataReader(CommandBehavior)"/>
    protected override Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken)
        => RecordedByCaller ? InnerCommand.ExecuteReaderAsync(behavior, cancellationToken)
            : RecordsAsync(out var context, out var refused) ? ExecuteReader(context, async: true, behavior, cancellationToken).AsTask()
            : refused is null ? UntracedReaderAsync(behavior, cancellationToken)
            : Task.FromException<DbDataReader>(refused);

    /// <inheritdoc cref="DisposeAsync"/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
            DisposeInner(async: false).GetAwaiter().GetResult();
    }

    /// <summary>Starts over as a new command of <paramref name="owner"/>, which the provider's command object serves again.</summary>
    internal void Restart(TracedDbConnection owner)
    {
        connection = owner;
        transaction = null;
        RecordedByCaller = false;
    }

    private async Task DisposeInner(bool async)
    {
        if (await ProviderDisposal.RaisedDisposed(InnerCommand, async).ConfigureAwait(false))
            base.Dispose(disposing: true);
    }

    /// <summary>The provider's connection that describes this command's calls.</summary>
    // A data source's own command refuses to tell its connection: the describing one stands in.
    private DbConnection? ProviderConnection => describingConnection ?? InnerCommand.Connection;

    /// <inheritdoc cref="ProviderConnection"/>
    DbConnection? IProviderConnectionSource.ProviderConnection => ProviderConnection;

    /// <summary>
    /// Whether this execution is recorded, decided before the one body that runs it: an execution nothing records
    /// (no segment, an unsampled trace, a framework recording it) runs the provider directly. May throw
    /// <see cref="ContextMissingException"/> under <c>RUNTIME_ERROR</c>.
    /// </summary>
    private bool Records(out SqlCallContext context)
    {
        if (!RecordedByCaller)
            return SqlRecorder.Records(this, out context);
        context = default;
        return false;
    }

    /// <summary>As <see cref="Records"/>, with the context-missing strategy's exception kept for the returned task.</summary>
    private bool RecordsAsync(out SqlCallContext context, out Exception? refused)
    {
        if (!RecordedByCaller)
            return SqlRecorder.RecordsAsync(this, out context, out refused);
        context = default;
        refused = null;
        return false;
    }

    private SqlCall Begin(in SqlCallContext context)
        => ProviderConnection is { } providerConnection ? SqlRecorder.BeginCommand(providerConnection, InnerCommand, context) : default;

    private async Task<DbDataReader> UntracedReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken)
        => TracedDbDataReader.Over(await InnerCommand.ExecuteReaderAsync(behavior, cancellationToken).ConfigureAwait(false), default, connection);

    // One body per execution for sync and async: a synchronous execution completes here, without a state machine;
    // an asynchronous one ends in SqlCall.EndWhenDone. Not inlined, so that a call nothing records runs in a small frame.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ValueTask<int> ExecuteNonQuery(SqlCallContext context, bool async, CancellationToken cancellationToken)
    {
        var call = Begin(context);
        int rows;
        try
        {
            if (async)
                return call.EndWhenDone(InnerCommand.ExecuteNonQueryAsync(cancellationToken), this, SqlCall.RowsAffected);
            rows = InnerCommand.ExecuteNonQuery();
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
                return call.EndWhenDone(InnerCommand.ExecuteScalarAsync(cancellationToken), this, SqlCall.Scalar);
            result = InnerCommand.ExecuteScalar();
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
                return call.EndWhenDone(InnerCommand.ExecuteReaderAsync(behavior, cancellationToken), this, ReaderOpened);
            reader = InnerCommand.ExecuteReader(behavior);
        }
        catch (Exception ex)
        {
            call.Fail(ex);
            throw;
        }

        return new(ReaderOpened(call, reader, this));
    }

    // The reader's close ends the call, with the rows read.
    private static DbDataReader ReaderOpened(SqlCall call, DbDataReader reader, TracedDbCommand command)
        => TracedDbDataReader.Over(reader, call, command.connection);
}
