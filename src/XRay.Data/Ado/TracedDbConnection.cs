using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Transactions;
using IsolationLevel = System.Data.IsolationLevel;

namespace XRay.Data;

/// <summary>
/// A <see cref="DbConnection"/> that records every command it runs as an X-Ray <c>sql</c> subsegment. It wraps
/// any provider's connection (Npgsql, Microsoft.Data.SqlClient, MySqlConnector, SQLite…) and delegates everything to
/// it; commands, transactions, readers, batches and the provider factory it hands out are traced as well.
/// </summary>
/// <remarks>
/// EF Core may run on a traced connection (<c>options.UseNpgsql(new TracedDbConnection(…)).AddXRayInterceptor()</c>):
/// the interceptor hands EF Core the provider's own commands and transactions, which EF Core providers rely on, and
/// records each command once, with this connection's recorder and options.
/// </remarks>
/// <example><code>
/// using var connection = new TracedDbConnection(new NpgsqlConnection(connectionString));
/// var rows = await connection.QueryAsync&lt;Item&gt;("select * from items where id = any(@ids)", new { ids });
/// </code></example>
public sealed partial class TracedDbConnection : DbConnection, ICloneable
{
    private TracedDbProviderFactory? factory;

    // The provider's connection may hand out the same command, transaction and reader objects again once they ended
    // (Npgsql recycles them): so does this one, with the same traced objects.
    private TracedDbCommand? command;
    private TracedDbTransaction? transaction;
    private TracedDbDataReader? reader;

    /// <summary>Wraps a provider's connection.</summary>
    /// <param name="innerConnection">The provider's connection; disposed with this one.</param>
    /// <param name="recorder">Where subsegments go; <see cref="XRayRecorder.Default"/> when null.</param>
    /// <param name="options">What is recorded; <see cref="TracedDbOptions.Default"/> when null. Frozen from now on.</param>
    public TracedDbConnection(DbConnection innerConnection, XRayRecorder? recorder = null, TracedDbOptions? options = null)
        : this(innerConnection, recorder is null && options is null ? SqlRecorder.Default : new SqlRecorder(recorder, options), factory: null)
    {
    }

    internal TracedDbConnection(DbConnection innerConnection, SqlRecorder sqlRecorder, TracedDbProviderFactory? factory)
    {
        ArgumentNullException.ThrowIfNull(innerConnection);
        ArgumentNullException.ThrowIfNull(sqlRecorder);
        if (innerConnection is TracedDbConnection)
            throw new ArgumentException("The connection is already traced; wrapping it again would record every command twice.", nameof(innerConnection));
        InnerConnection = innerConnection;
        SqlRecorder = sqlRecorder;
        this.factory = factory;
        innerConnection.StateChange += ForwardStateChange;
    }

    /// <summary>The provider's own connection, for provider-only APIs (COPY, bulk copy, notifications).</summary>
    public DbConnection InnerConnection { get; }

    /// <summary>How this connection's calls are recorded: its recorder and its (frozen) options.</summary>
    public SqlRecorder SqlRecorder { get; }

    /// <summary>The recorder that receives this connection's subsegments.</summary>
    public XRayRecorder Recorder => SqlRecorder.Recorder;

    /// <summary>What this connection records.</summary>
    public TracedDbOptions Options => SqlRecorder.Options;

    /// <inheritdoc cref="DbConnection.ConnectionString"/>
    [AllowNull]
    public override string ConnectionString
    {
        get => InnerConnection.ConnectionString;
        set => InnerConnection.ConnectionString = value;
    }

    /// <inheritdoc cref="DbConnection.ConnectionTimeout"/>
    public override int ConnectionTimeout => InnerConnection.ConnectionTimeout;

    /// <inheritdoc cref="DbConnection.Database"/>
    public override string Database => InnerConnection.Database;

    /// <inheritdoc cref="DbConnection.DataSource"/>
    public override string DataSource => InnerConnection.DataSource;

    /// <inheritdoc cref="DbConnection.ServerVersion"/>
    public override string ServerVersion => InnerConnection.ServerVersion;

    /// <inheritdoc cref="DbConnection.State"/>
    public override ConnectionState State => InnerConnection.State;

    /// <inheritdoc cref="DbConnection.CanCreateBatch"/>
    public override bool CanCreateBatch => InnerConnection.CanCreateBatch;

    /// <summary>
    /// The traced factory that created this connection, or else the traced factory over the provider's factory, so that
    /// generic code creates traced objects.
    /// </summary>
    protected override DbProviderFactory? DbProviderFactory
        => factory ??= DbProviderFactories.GetFactory(InnerConnection) is { } inner ? TracedDbProviderFactory.For(inner, SqlRecorder) : null;

    /// <inheritdoc cref="DbConnection.ChangeDatabase(string)"/>
    public override void ChangeDatabase(string databaseName) => InnerConnection.ChangeDatabase(databaseName);

    /// <inheritdoc cref="DbConnection.ChangeDatabaseAsync(string, CancellationToken)"/>
    public override Task ChangeDatabaseAsync(string databaseName, CancellationToken cancellationToken = default)
        => InnerConnection.ChangeDatabaseAsync(databaseName, cancellationToken);

    /// <summary>Opens the provider's connection; a failure is recorded, a success only with <see cref="TracedDbOptions.TraceConnectionOpen"/>.</summary>
    public override void Open() => Open(async: false, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc cref="Open()"/>
    public override Task OpenAsync(CancellationToken cancellationToken) => Open(async: true, cancellationToken);

    /// <inheritdoc cref="DbConnection.Close"/>
    public override void Close() => InnerConnection.Close();

    /// <inheritdoc cref="DbConnection.CloseAsync"/>
    public override Task CloseAsync() => InnerConnection.CloseAsync();

    /// <inheritdoc cref="DbConnection.EnlistTransaction(Transaction)"/>
    public override void EnlistTransaction(Transaction? transaction) => InnerConnection.EnlistTransaction(transaction);

    /// <inheritdoc cref="DbConnection.GetSchema()"/>
    public override DataTable GetSchema() => InnerConnection.GetSchema();

    /// <inheritdoc cref="DbConnection.GetSchema(string)"/>
    public override DataTable GetSchema(string collectionName) => InnerConnection.GetSchema(collectionName);

    /// <inheritdoc cref="DbConnection.GetSchema(string, string[])"/>
    public override DataTable GetSchema(string collectionName, string?[] restrictionValues) => InnerConnection.GetSchema(collectionName, restrictionValues);

    /// <inheritdoc cref="DbConnection.GetSchemaAsync(CancellationToken)"/>
    public override Task<DataTable> GetSchemaAsync(CancellationToken cancellationToken = default) => InnerConnection.GetSchemaAsync(cancellationToken);

    /// <inheritdoc cref="DbConnection.GetSchemaAsync(string, CancellationToken)"/>
    public override Task<DataTable> GetSchemaAsync(string collectionName, CancellationToken cancellationToken = default)
        => InnerConnection.GetSchemaAsync(collectionName, cancellationToken);

    /// <inheritdoc cref="DbConnection.GetSchemaAsync(string, string[], CancellationToken)"/>
    public override Task<DataTable> GetSchemaAsync(string collectionName, string?[] restrictionValues, CancellationToken cancellationToken = default)
        => InnerConnection.GetSchemaAsync(collectionName, restrictionValues, cancellationToken);

    /// <summary>
    /// Disposes the provider's connection; <c>StateChange</c> and <c>Disposed</c> are raised exactly when the provider's
    /// connection raises them.
    /// </summary>
    public override async ValueTask DisposeAsync()
    {
        await DisposeInner(async: true).ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// A traced connection over a clone of the provider's connection, recording as this one does. The provider's
    /// connection must be <see cref="ICloneable"/> (Npgsql's, SqlClient's and MySqlConnector's are); otherwise this
    /// throws the <see cref="InvalidCastException"/> that casting the provider's connection throws.
    /// </summary>
    public TracedDbConnection Clone() => new((DbConnection)((ICloneable)InnerConnection).Clone(), SqlRecorder, factory);

    /// <inheritdoc cref="Clone"/>
    object ICloneable.Clone() => Clone();

    /// <summary>Creates a traced command over a command of the provider's.</summary>
    public new TracedDbCommand CreateCommand()
    {
        var innerCommand = InnerConnection.CreateCommand();
        if (command is { } traced && ReferenceEquals(traced.InnerCommand, innerCommand))
        {
            traced.Restart(this);
            return traced;
        }

        return command = new TracedDbCommand(innerCommand, this);
    }

    /// <summary>Creates a traced batch over a batch of the provider's.</summary>
    public new TracedDbBatch CreateBatch() => new(InnerConnection.CreateBatch(), this);

    /// <summary>Begins a transaction on the provider's connection; its commit and rollback are traced.</summary>
    public new TracedDbTransaction BeginTransaction() => BeginTransaction(IsolationLevel.Unspecified);

    /// <summary>Begins a transaction on the provider's connection; its commit and rollback are traced.</summary>
    public new TracedDbTransaction BeginTransaction(IsolationLevel isolationLevel) => Wrap(InnerConnection.BeginTransaction(isolationLevel));

    /// <inheritdoc cref="DbConnection.BeginDbTransaction(IsolationLevel)"/>
    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => BeginTransaction(isolationLevel);

    /// <inheritdoc cref="DbConnection.BeginDbTransactionAsync(IsolationLevel, CancellationToken)"/>
    protected override async ValueTask<DbTransaction> BeginDbTransactionAsync(IsolationLevel isolationLevel, CancellationToken cancellationToken)
        => Wrap(await InnerConnection.BeginTransactionAsync(isolationLevel, cancellationToken).ConfigureAwait(false));

    /// <inheritdoc cref="DbConnection.CreateDbCommand"/>
    protected override DbCommand CreateDbCommand() => CreateCommand();

    /// <inheritdoc cref="DbConnection.CreateDbBatch"/>
    protected override DbBatch CreateDbBatch() => CreateBatch();

    /// <inheritdoc cref="DisposeAsync"/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
            DisposeInner(async: false).GetAwaiter().GetResult();
    }

    /// <summary>
    /// The traced transaction over <paramref name="innerTransaction"/> when this connection began it, else the provider's
    /// transaction itself: what a command or batch on this connection reports as its transaction.
    /// </summary>
    internal DbTransaction Traced(DbTransaction innerTransaction)
        => transaction is { } traced && ReferenceEquals(traced.InnerTransaction, innerTransaction) ? traced : innerTransaction;

    private async Task Open(bool async, CancellationToken cancellationToken)
    {
        var call = SqlRecorder.BeginOperation(InnerConnection, SqlOperation.Open);
        try
        {
            if (async)
                await InnerConnection.OpenAsync(cancellationToken).ConfigureAwait(false);
            else
                InnerConnection.Open();
        }
        catch (Exception ex)
        {
            call.Fail(ex);
            throw;
        }

        call.Succeed();
    }

    /// <summary>The traced reader over <paramref name="innerReader"/>: the last one again when the provider's reader is the same object.</summary>
    internal TracedDbDataReader Wrap(DbDataReader innerReader, SqlCall call)
    {
        if (reader is { } traced && ReferenceEquals(traced.InnerReader, innerReader))
        {
            traced.Restart(call);
            return traced;
        }

        return reader = new TracedDbDataReader(innerReader, call);
    }

    private async Task DisposeInner(bool async)
    {
        if (await ProviderDisposal.RaisedDisposed(InnerConnection, async).ConfigureAwait(false))
            base.Dispose(disposing: true);
    }

    private TracedDbTransaction Wrap(DbTransaction innerTransaction)
        => transaction is { } traced && ReferenceEquals(traced.InnerTransaction, innerTransaction) ? traced : transaction = new(innerTransaction, this);

    private void ForwardStateChange(object sender, StateChangeEventArgs e) => OnStateChange(e);
}
