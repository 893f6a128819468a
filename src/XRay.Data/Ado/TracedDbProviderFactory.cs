using System.Data.Common;
using System.Runtime.CompilerServices;

namespace XRay.Data;

/// <summary>
/// A <see cref="DbProviderFactory"/> over a provider's factory whose connections, commands and batches are traced,
/// for code that creates its ADO.NET objects from a factory. A connection it creates reports this very factory as
/// its <c>DbProviderFactory</c>. Data adapters and command builders are the provider's own and work with the
/// provider's objects (<see cref="TracedDbCommand.InnerCommand"/>).
/// </summary>
public sealed class TracedDbProviderFactory : DbProviderFactory, IServiceProvider
{
    private static readonly ConditionalWeakTable<DbProviderFactory, TracedDbProviderFactory> Defaults = new();

    /// <summary>Wraps a provider's factory.</summary>
    /// <param name="innerFactory">The provider's factory, such as <c>NpgsqlFactory.Instance</c>.</param>
    /// <param name="recorder">Where subsegments go; <see cref="XRayRecorder.Default"/> when null.</param>
    /// <param name="options">What is recorded; <see cref="TracedDbOptions.Default"/> when null. Frozen from now on.</param>
    public TracedDbProviderFactory(DbProviderFactory innerFactory, XRayRecorder? recorder = null, TracedDbOptions? options = null)
        : this(innerFactory, recorder is null && options is null ? SqlRecorder.Default : new SqlRecorder(recorder, options))
    {
    }

    private TracedDbProviderFactory(DbProviderFactory innerFactory, SqlRecorder sqlRecorder)
    {
        ArgumentNullException.ThrowIfNull(innerFactory);
        if (innerFactory is TracedDbProviderFactory)
            throw new ArgumentException("The factory is already traced.", nameof(innerFactory));
        InnerFactory = innerFactory;
        SqlRecorder = sqlRecorder;
    }

    /// <summary>The provider's own factory.</summary>
    public DbProviderFactory InnerFactory { get; }

    /// <summary>How the created objects record: the recorder and the (frozen) options.</summary>
    public SqlRecorder SqlRecorder { get; }

    /// <summary>The recorder the created objects record to.</summary>
    public XRayRecorder Recorder => SqlRecorder.Recorder;

    /// <summary>What the created objects record.</summary>
    public TracedDbOptions Options => SqlRecorder.Options;

    /// <inheritdoc cref="DbProviderFactory.CanCreateBatch"/>
    public override bool CanCreateBatch => InnerFactory.CanCreateBatch;

    /// <inheritdoc cref="DbProviderFactory.CanCreateCommandBuilder"/>
    public override bool CanCreateCommandBuilder => InnerFactory.CanCreateCommandBuilder;

    /// <inheritdoc cref="DbProviderFactory.CanCreateDataAdapter"/>
    public override bool CanCreateDataAdapter => InnerFactory.CanCreateDataAdapter;

    /// <inheritdoc cref="DbProviderFactory.CanCreateDataSourceEnumerator"/>
    public override bool CanCreateDataSourceEnumerator => InnerFactory.CanCreateDataSourceEnumerator;

    /// <summary>Creates a traced connection over a new provider connection.</summary>
    public override DbConnection? CreateConnection()
        => InnerFactory.CreateConnection() is { } inner ? new TracedDbConnection(inner, SqlRecorder, this) : null;

    /// <summary>Creates a traced command over a new provider command; give it a traced connection to run.</summary>
    public override DbCommand? CreateCommand()
        => InnerFactory.CreateCommand() is { } inner ? new TracedDbCommand(inner, SqlRecorder, describingConnection: null) : null;

    /// <summary>Creates a traced batch over a new provider batch; give it a traced connection to run.</summary>
    public override DbBatch CreateBatch() => new TracedDbBatch(InnerFactory.CreateBatch(), SqlRecorder, describingConnection: null);

    /// <summary>Creates a traced data source over the provider's data source for <paramref name="connectionString"/>.</summary>
    public override DbDataSource CreateDataSource(string connectionString)
        => new TracedDbDataSource(InnerFactory.CreateDataSource(connectionString), SqlRecorder, this);

    /// <inheritdoc cref="DbProviderFactory.CreateBatchCommand"/>
    public override DbBatchCommand CreateBatchCommand() => InnerFactory.CreateBatchCommand();

    /// <inheritdoc cref="DbProviderFactory.CreateParameter"/>
    public override DbParameter? CreateParameter() => InnerFactory.CreateParameter();

    /// <inheritdoc cref="DbProviderFactory.CreateConnectionStringBuilder"/>
    public override DbConnectionStringBuilder? CreateConnectionStringBuilder() => InnerFactory.CreateConnectionStringBuilder();

    /// <inheritdoc cref="DbProviderFactory.CreateCommandBuilder"/>
    public override DbCommandBuilder? CreateCommandBuilder() => InnerFactory.CreateCommandBuilder();

    /// <inheritdoc cref="DbProviderFactory.CreateDataAdapter"/>
    public override DbDataAdapter? CreateDataAdapter() => InnerFactory.CreateDataAdapter();

    /// <inheritdoc cref="DbProviderFactory.CreateDataSourceEnumerator"/>
    public override DbDataSourceEnumerator? CreateDataSourceEnumerator() => InnerFactory.CreateDataSourceEnumerator();

    /// <summary>
    /// The provider factory's service (Npgsql's and SqlClient's factories are service providers, for frameworks that
    /// look up provider services); null when it has none or is no service provider.
    /// </summary>
    public object? GetService(Type serviceType) => (InnerFactory as IServiceProvider)?.GetService(serviceType);

    /// <summary>The traced factory of a connection's provider: one per provider factory with the default recording.</summary>
    internal static TracedDbProviderFactory For(DbProviderFactory inner, SqlRecorder sqlRecorder)
    {
        var factory = Defaults.GetValue(inner, static i => new TracedDbProviderFactory(i, SqlRecorder.Default));
        return ReferenceEquals(factory.SqlRecorder, sqlRecorder) ? factory : new TracedDbProviderFactory(inner, sqlRecorder);
    }
}
