using System.Data.Common;

namespace XRay.Data;

/// <summary>
/// A <see cref="DbDataSource"/> over a provider's data source (such as <c>NpgsqlDataSource</c>, Npgsql's recommended
/// entry point) whose connections, commands and batches are traced: <c>CreateConnection</c>,
/// <c>OpenConnection(Async)</c>, <c>CreateCommand</c> and <c>CreateBatch</c> all record their calls.
/// </summary>
/// <example><code>
/// await using var dataSource = new TracedDbDataSource(NpgsqlDataSource.Create(connectionString));
/// await using var connection = await dataSource.OpenConnectionAsync();
/// </code></example>
public sealed class TracedDbDataSource : DbDataSource
{
    // Never opened: it names the subsegments of commands that run on connections the data source picks itself.
    private readonly Lazy<DbConnection> describingConnection;
    private readonly TracedDbProviderFactory? factory;

    /// <summary>Wraps a provider's data source.</summary>
    /// <param name="innerDataSource">The provider's data source; disposed with this one.</param>
    /// <param name="recorder">Where subsegments go; <see cref="XRayRecorder.Default"/> when null.</param>
    /// <param name="options">What is recorded; <see cref="TracedDbOptions.Default"/> when null. Frozen from now on.</param>
    public TracedDbDataSource(DbDataSource innerDataSource, XRayRecorder? recorder = null, TracedDbOptions? options = null)
        : this(innerDataSource, recorder is null && options is null ? SqlRecorder.Default : new SqlRecorder(recorder, options), factory: null)
    {
    }

    /// <param name="innerDataSource">The provider's data source; disposed with this one.</param>
    /// <param name="sqlRecorder">How the created objects record.</param>
    /// <param name="factory">The traced factory that created this data source, which its connections report as theirs.</param>
    internal TracedDbDataSource(DbDataSource innerDataSource, SqlRecorder sqlRecorder, TracedDbProviderFactory? factory)
    {
        ArgumentNullException.ThrowIfNull(innerDataSource);
        if (innerDataSource is TracedDbDataSource)
            throw new ArgumentException("The data source is already traced; wrapping it again would record every command twice.", nameof(innerDataSource));
        InnerDataSource = innerDataSource;
        SqlRecorder = sqlRecorder;
        this.factory = factory;
        describingConnection = new Lazy<DbConnection>(innerDataSource.CreateConnection);
    }

    /// <summary>The provider's own data source.</summary>
    public DbDataSource InnerDataSource { get; }

    /// <summary>How the created objects record: the recorder and the (frozen) options.</summary>
    public SqlRecorder SqlRecorder { get; }

    /// <inheritdoc cref="DbDataSource.ConnectionString"/>
    public override string ConnectionString => InnerDataSource.ConnectionString;

    /// <summary>Creates a traced connection over a new connection of the provider's data source.</summary>
    protected override DbConnection CreateDbConnection() => new TracedDbConnection(InnerDataSource.CreateConnection(), SqlRecorder, factory);

    /// <summary>Creates a traced command that runs on a connection the provider's data source picks for each execution.</summary>
    protected override DbCommand CreateDbCommand(string? commandText = null)
        => new TracedDbCommand(InnerDataSource.CreateCommand(commandText), SqlRecorder, describingConnection.Value);

    /// <summary>Creates a traced batch that runs on a connection the provider's data source picks for each execution.</summary>
    protected override DbBatch CreateDbBatch() => new TracedDbBatch(InnerDataSource.CreateBatch(), SqlRecorder, describingConnection.Value);

    /// <inheritdoc cref="DbDataSource.Dispose(bool)"/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (describingConnection.IsValueCreated)
                describingConnection.Value.Dispose();
            InnerDataSource.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc cref="DbDataSource.DisposeAsyncCore"/>
    protected override async ValueTask DisposeAsyncCore()
    {
        if (describingConnection.IsValueCreated)
            await describingConnection.Value.DisposeAsync().ConfigureAwait(false);
        await InnerDataSource.DisposeAsync().ConfigureAwait(false);
    }
}
