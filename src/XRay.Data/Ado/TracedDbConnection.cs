using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Transactions;
using IsolationLevel = System.Data.IsolationLevel;

namespace XRay.Data;

/// <summary>
/// A <see cref="DbConnection"/> that records every command it runs as an X-Ray <c>sql</c> subsegment. It wraps
/// any provider's connection (Npgsql, Microsoft.Data.SqlClient, MySQL, SQLite…) and delegates everything to it;
/// commands, transactions, readers, batches and the provider factory it hands out are traced as well.
/// </summary>
/// <remarks>
/// EF Core may run on a traced connection (<c>options.UseNpgsql(new TracedDbConnection(…))</c>), with or without
/// <c>AddXRayInterceptor()</c>; each command is recorded once. EF Core reads the provider's own data reader, so
/// commands EF Core runs hand out the provider's reader, and their subsegments end when EF Core closes it: the
/// connection learns both from EF Core's <see cref="System.Diagnostics.DiagnosticListener"/>. A context given a
/// <see cref="System.Diagnostics.DiagnosticSource"/> of the application's own hides those events; such a context
/// needs <c>AddXRayInterceptor()</c> as well.
/// </remarks>
/// <example><code>
/// using var connection = new TracedDbConnection(new NpgsqlConnection(connectionString));
/// var rows = await connection.QueryAsync&lt;Item&gt;("select * from items where id = any(@ids)", new { ids });
/// </code></example>
public sealed partial class TracedDbConnection : DbConnection
{
    /// <summary>Wraps a provider's connection.</summary>
    /// <param name="innerConnection">The provider's connection; disposed with this one.</param>
    /// <param name="recorder">Where subsegments go; <see cref="XRayRecorder.Default"/> when null.</param>
    /// <param name="options">What is recorded; <see cref="TracedDbOptions.Default"/> when null.</param>
    public TracedDbConnection(DbConnection innerConnection, XRayRecorder? recorder = null, TracedDbOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(innerConnection);
        if (innerConnection is TracedDbConnection)
            throw new ArgumentException("The connection is already traced; wrapping it again would record every command twice.", nameof(innerConnection));
        InnerConnection = innerConnection;
        Recorder = recorder ?? XRayRecorder.Default;
        Options = options ?? TracedDbOptions.Default;
        innerConnection.StateChange += ForwardStateChange;
        EntityFrameworkCoreObserver.Start();
    }

    /// <summary>The provider's own connection, for provider-only APIs (COPY, bulk copy, notifications).</summary>
    public DbConnection InnerConnection { get; }

    /// <summary>The recorder that receives this connection's subsegments.</summary>
    public XRayRecorder Recorder { get; }

    /// <summary>What this connection records.</summary>
    public TracedDbOptions Options { get; }

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

    /// <summary>The traced factory over the provider's factory, so that generic code creates traced objects.</summary>
    protected override DbProviderFactory? DbProviderFactory
        => DbProviderFactories.GetFactory(InnerConnection) is { } factory ? TracedDbProviderFactory.For(factory, Recorder, Options) : null;

    /// <inheritdoc cref="DbConnection.ChangeDatabase(string)"/>
    public override void ChangeDatabase(string databaseName) => InnerConnection.ChangeDatabase(databaseName);

    /// <inheritdoc cref="DbConnection.ChangeDatabaseAsync(string, CancellationToken)"/>
    public override Task ChangeDatabaseAsync(string databaseName, CancellationToken cancellationToken = default)
        => InnerConnection.ChangeDatabaseAsync(databaseName, cancellationToken);

    /// <inheritdoc cref="DbConnection.Open"/>
    public override void Open()
    {
        var subsegment = Options.TraceConnectionOpen ? SqlCommandTracer.BeginOperation(Recorder, InnerConnection, operation: null) : null;
        if (subsegment is null)
        {
            InnerConnection.Open();
            return;
        }

        try
        {
            InnerConnection.Open();
        }
        catch (Exception ex) when (Failed(subsegment, ex))
        {
            throw;
        }

        SucceedOpen(subsegment);
    }

    /// <inheritdoc cref="DbConnection.OpenAsync(CancellationToken)"/>
    public override Task OpenAsync(CancellationToken cancellationToken)
    {
        var subsegment = Options.TraceConnectionOpen ? SqlCommandTracer.BeginOperation(Recorder, InnerConnection, operation: null) : null;
        return subsegment is null ? InnerConnection.OpenAsync(cancellationToken) : OpenTracedAsync(subsegment, cancellationToken);
    }

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

    /// <inheritdoc cref="DbConnection.DisposeAsync"/>
    public override async ValueTask DisposeAsync()
    {
        InnerConnection.StateChange -= ForwardStateChange;
        await InnerConnection.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Creates a traced command over a command of the provider's.</summary>
    public new TracedDbCommand CreateCommand() => new(InnerConnection.CreateCommand(), this);

    /// <summary>Creates a traced batch over a batch of the provider's.</summary>
    public new TracedDbBatch CreateBatch() => new(InnerConnection.CreateBatch(), this);

    /// <summary>Begins a transaction on the provider's connection; its commit and rollback are traced.</summary>
    public new TracedDbTransaction BeginTransaction() => BeginTransaction(IsolationLevel.Unspecified);

    /// <summary>Begins a transaction on the provider's connection; its commit and rollback are traced.</summary>
    public new TracedDbTransaction BeginTransaction(IsolationLevel isolationLevel) => new(InnerConnection.BeginTransaction(isolationLevel), this);

    /// <inheritdoc cref="DbConnection.BeginDbTransaction(IsolationLevel)"/>
    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => BeginTransaction(isolationLevel);

    /// <inheritdoc cref="DbConnection.BeginDbTransactionAsync(IsolationLevel, CancellationToken)"/>
    protected override async ValueTask<DbTransaction> BeginDbTransactionAsync(IsolationLevel isolationLevel, CancellationToken cancellationToken)
        => new TracedDbTransaction(await InnerConnection.BeginTransactionAsync(isolationLevel, cancellationToken).ConfigureAwait(false), this);

    /// <inheritdoc cref="DbConnection.CreateDbCommand"/>
    protected override DbCommand CreateDbCommand() => CreateCommand();

    /// <inheritdoc cref="DbConnection.CreateDbBatch"/>
    protected override DbBatch CreateDbBatch() => CreateBatch();

    /// <inheritdoc cref="System.ComponentModel.Component.Dispose(bool)"/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            InnerConnection.StateChange -= ForwardStateChange;
            InnerConnection.Dispose();
        }

        base.Dispose(disposing);
    }

    private bool Failed(Subsegment subsegment, Exception exception)
    {
        SqlCommandTracer.Fail(subsegment, exception, Options);
        return false;
    }

    private async Task OpenTracedAsync(Subsegment subsegment, CancellationToken cancellationToken)
    {
        try
        {
            await InnerConnection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Failed(subsegment, ex))
        {
            throw;
        }

        SucceedOpen(subsegment);
    }

    private void SucceedOpen(Subsegment subsegment)
    {
        // The version is known only once a connection is open; record it on the open that learned it.
        if (subsegment.Sql is { } sql)
            sql.DatabaseVersion ??= ConnectionInfo.For(InnerConnection).DatabaseVersion(InnerConnection);
        subsegment.AddMetadata("operation", "open", "sql");
        SqlCommandTracer.Succeed(subsegment);
    }

    private void ForwardStateChange(object sender, StateChangeEventArgs e) => OnStateChange(e);
}
