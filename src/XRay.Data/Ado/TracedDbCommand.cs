using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace XRay.Data;

/// <summary>
/// A <see cref="DbCommand"/> that records each execution as one X-Ray <c>sql</c> subsegment. Parameters are
/// created by the provider's command, so provider-specific parameters keep working; <see cref="DbCommand.Connection"/> and
/// <see cref="DbCommand.Transaction"/> return the traced objects while the provider's command holds the provider's own.
/// </summary>
public sealed class TracedDbCommand : DbCommand, IDbCommand
{
    private TracedDbConnection? connection;
    private TracedDbTransaction? transaction;

    // Set when EF Core announces its next execution of this command (see EntityFrameworkCoreObserver).
    private string? entityFrameworkCoreSource;
    private string? entityFrameworkCoreContext;

    // The subsegment of a query whose provider reader EF Core holds; it ends when EF Core closes that reader.
    private Subsegment? providerReaderSubsegment;
    private DbDataReader? providerReader;
    private bool providerReaderForSaveChanges;

    /// <summary>Wraps a provider's command.</summary>
    /// <param name="innerCommand">The provider's command; disposed with this one.</param>
    /// <param name="connection">The traced connection it runs on, when it has one.</param>
    public TracedDbCommand(DbCommand innerCommand, TracedDbConnection? connection = null)
        : this(innerCommand, connection?.Recorder, connection?.Options)
    {
        this.connection = connection;
        if (connection is not null && !ReferenceEquals(innerCommand.Connection, connection.InnerConnection))
            innerCommand.Connection = connection.InnerConnection;
    }

    /// <summary>Wraps a provider's command that records to the given recorder with the given options.</summary>
    /// <param name="innerCommand">The provider's command; disposed with this one.</param>
    /// <param name="recorder">Where subsegments go; <see cref="XRayRecorder.Default"/> when null.</param>
    /// <param name="options">What is recorded; <see cref="TracedDbOptions.Default"/> when null.</param>
    public TracedDbCommand(DbCommand innerCommand, XRayRecorder? recorder, TracedDbOptions? options)
    {
        ArgumentNullException.ThrowIfNull(innerCommand);
        InnerCommand = innerCommand;
        Recorder = recorder ?? XRayRecorder.Default;
        Options = options ?? TracedDbOptions.Default;
    }

    /// <summary>The provider's own command.</summary>
    public DbCommand InnerCommand { get; }

    /// <summary>The recorder that receives this command's subsegments.</summary>
    public XRayRecorder Recorder { get; }

    /// <summary>What this command records.</summary>
    public TracedDbOptions Options { get; }

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

    /// <inheritdoc cref="DbCommand.DbConnection"/>
    protected override DbConnection? DbConnection
    {
        get => connection ?? InnerCommand.Connection;
        set
        {
            connection = value as TracedDbConnection;
            InnerCommand.Connection = connection?.InnerConnection ?? value;
        }
    }

    /// <summary>
    /// The traced connection, or for name-based feature detection (Dapper's PostgreSQL arrays) a stand-in named
    /// like the provider's connection that delegates to it; see <see cref="TracedDbConnection"/>.
    /// </summary>
    IDbConnection? IDbCommand.Connection
    {
        get => connection?.ProviderNamedConnection ?? InnerCommand.Connection;
        set => DbConnection = value switch
        {
            null => null,
            DbConnection db => db,
            _ => TracedDbConnection.FromProviderNamed(value) ?? throw new ArgumentException("The connection must be a DbConnection.", nameof(value)),
        };
    }

    /// <inheritdoc cref="DbCommand.DbParameterCollection"/>
    protected override DbParameterCollection DbParameterCollection => InnerCommand.Parameters;

    /// <inheritdoc cref="DbCommand.DbTransaction"/>
    protected override DbTransaction? DbTransaction
    {
        get => transaction ?? InnerCommand.Transaction;
        set
        {
            transaction = value as TracedDbTransaction;
            InnerCommand.Transaction = transaction?.InnerTransaction ?? value;
        }
    }

    /// <inheritdoc cref="DbCommand.Cancel"/>
    public override void Cancel() => InnerCommand.Cancel();

    /// <inheritdoc cref="DbCommand.Prepare"/>
    public override void Prepare() => InnerCommand.Prepare();

    /// <inheritdoc cref="DbCommand.PrepareAsync(CancellationToken)"/>
    public override Task PrepareAsync(CancellationToken cancellationToken = default) => InnerCommand.PrepareAsync(cancellationToken);

    /// <inheritdoc cref="DbCommand.ExecuteNonQuery"/>
    public override int ExecuteNonQuery()
    {
        var subsegment = Begin(out _);
        if (subsegment is null)
            return InnerCommand.ExecuteNonQuery();
        int rows;
        try
        {
            rows = InnerCommand.ExecuteNonQuery();
        }
        catch (Exception ex) when (Failed(subsegment, ex))
        {
            throw;
        }

        SqlCommandTracer.Succeed(subsegment, rowsAffected: rows);
        return rows;
    }

    /// <inheritdoc cref="DbCommand.ExecuteNonQueryAsync(CancellationToken)"/>
    public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken)
    {
        var subsegment = Begin(out _);
        return subsegment is null ? InnerCommand.ExecuteNonQueryAsync(cancellationToken) : ExecuteNonQueryTracedAsync(subsegment, cancellationToken);
    }

    /// <inheritdoc cref="DbCommand.ExecuteScalar"/>
    public override object? ExecuteScalar()
    {
        var subsegment = Begin(out _);
        if (subsegment is null)
            return InnerCommand.ExecuteScalar();
        object? result;
        try
        {
            result = InnerCommand.ExecuteScalar();
        }
        catch (Exception ex) when (Failed(subsegment, ex))
        {
            throw;
        }

        SqlCommandTracer.Succeed(subsegment);
        return result;
    }

    /// <inheritdoc cref="DbCommand.ExecuteScalarAsync(CancellationToken)"/>
    public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken)
    {
        var subsegment = Begin(out _);
        return subsegment is null ? InnerCommand.ExecuteScalarAsync(cancellationToken) : ExecuteScalarTracedAsync(subsegment, cancellationToken);
    }

    /// <inheritdoc cref="DbCommand.DisposeAsync"/>
    public override ValueTask DisposeAsync()
    {
        EndProviderReader();
        GC.SuppressFinalize(this);
        return InnerCommand.DisposeAsync();
    }

    /// <inheritdoc cref="DbCommand.CreateDbParameter"/>
    protected override DbParameter CreateDbParameter() => InnerCommand.CreateParameter();

    /// <summary>
    /// Runs the provider's reader; the subsegment stays open until the reader is closed or disposed, so it covers
    /// reading the rows, and records how many were read. EF Core, which reads the provider's reader itself, gets that
    /// reader, and the subsegment ends when EF Core closes it.
    /// </summary>
    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior)
    {
        var subsegment = Begin(out var entityFrameworkCore);
        if (subsegment is null)
            return entityFrameworkCore ? InnerCommand.ExecuteReader(behavior) : new TracedDbDataReader(InnerCommand.ExecuteReader(behavior), null);
        DbDataReader reader;
        try
        {
            reader = InnerCommand.ExecuteReader(behavior);
        }
        catch (Exception ex) when (Failed(subsegment, ex))
        {
            throw;
        }

        return Reader(reader, subsegment, entityFrameworkCore);
    }

    /// <inheritdoc cref="ExecuteDbDataReader(CommandBehavior)"/>
    protected override Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken)
    {
        var subsegment = Begin(out var entityFrameworkCore);
        return ExecuteReaderTracedAsync(subsegment, entityFrameworkCore, behavior, cancellationToken);
    }

    /// <inheritdoc cref="System.ComponentModel.Component.Dispose(bool)"/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            EndProviderReader();
            InnerCommand.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>EF Core is about to run this command: its next execution hands out the provider's reader.</summary>
    internal void ExecutingInEntityFrameworkCore(string? context, string? source)
    {
        entityFrameworkCoreContext = context;
        entityFrameworkCoreSource = source ?? "Unknown";
    }

    /// <summary>EF Core is closing the provider's reader it got from this command, after reading it.</summary>
    internal void EntityFrameworkCoreReaderClosing(int recordsAffected, int readCount)
    {
        providerReader = null;
        if (Interlocked.Exchange(ref providerReaderSubsegment, null) is { } ending)
        {
            SqlCommandTracer.Succeed(
                ending,
                rowsAffected: recordsAffected >= 0 ? recordsAffected : null,
                rowsRead: EntityFrameworkCoreObserver.RowsRead(providerReaderForSaveChanges, readCount));
        }
    }

    private bool Failed(Subsegment subsegment, Exception exception)
    {
        SqlCommandTracer.Fail(subsegment, exception, Options);
        return false;
    }

    private Subsegment? Begin(out bool entityFrameworkCore)
    {
        var source = entityFrameworkCoreSource;
        entityFrameworkCore = source is not null;
        if (entityFrameworkCore || providerReaderSubsegment is not null)
        {
            EndProviderReader();
            entityFrameworkCoreSource = null;
        }

        // The cheap guard first: an unsampled trace reads nothing from the command.
        if (!Recorder.IsEnabled || TraceContext.Current is not { } parent)
        {
            if (Recorder.IsEnabled)
                SqlCommandTracer.ApplyContextMissing(Recorder, InnerCommand.Connection);
            return null;
        }

        if (!parent.Sampled || InnerCommand.Connection is not { } providerConnection)
            return null;
        var subsegment = SqlCommandTracer.Begin(Recorder, providerConnection, InnerCommand.CommandText, InnerCommand.CommandType, Options);
        if (subsegment is not null && source is not null)
        {
            if (entityFrameworkCoreContext is { } context)
                subsegment.AddMetadata("context", context, EntityFrameworkCoreObserver.MetadataNamespace);
            subsegment.AddMetadata("command_source", source, EntityFrameworkCoreObserver.MetadataNamespace);
            providerReaderForSaveChanges = source == "SaveChanges";
        }

        return subsegment;
    }

    private DbDataReader Reader(DbDataReader reader, Subsegment subsegment, bool entityFrameworkCore)
    {
        if (!entityFrameworkCore)
            return new TracedDbDataReader(reader, subsegment, Options);
        providerReader = reader;
        providerReaderSubsegment = subsegment;
        return reader;
    }

    /// <summary>
    /// Ends the subsegment of a reader EF Core got when EF Core did not report closing it: the command is disposed
    /// after its reader, or runs again.
    /// </summary>
    private void EndProviderReader()
    {
        var reader = providerReader;
        providerReader = null;
        if (Interlocked.Exchange(ref providerReaderSubsegment, null) is { } ending)
            SqlCommandTracer.Succeed(ending, rowsAffected: reader is null ? null : TracedDbDataReader.RecordsAffectedOf(reader));
    }

    private async Task<int> ExecuteNonQueryTracedAsync(Subsegment subsegment, CancellationToken cancellationToken)
    {
        int rows;
        try
        {
            rows = await InnerCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Failed(subsegment, ex))
        {
            throw;
        }

        SqlCommandTracer.Succeed(subsegment, rowsAffected: rows);
        return rows;
    }

    private async Task<object?> ExecuteScalarTracedAsync(Subsegment subsegment, CancellationToken cancellationToken)
    {
        object? result;
        try
        {
            result = await InnerCommand.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Failed(subsegment, ex))
        {
            throw;
        }

        SqlCommandTracer.Succeed(subsegment);
        return result;
    }

    private async Task<DbDataReader> ExecuteReaderTracedAsync(Subsegment? subsegment, bool entityFrameworkCore, CommandBehavior behavior, CancellationToken cancellationToken)
    {
        if (subsegment is null)
        {
            var untraced = await InnerCommand.ExecuteReaderAsync(behavior, cancellationToken).ConfigureAwait(false);
            return entityFrameworkCore ? untraced : new TracedDbDataReader(untraced, null);
        }

        DbDataReader reader;
        try
        {
            reader = await InnerCommand.ExecuteReaderAsync(behavior, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Failed(subsegment, ex))
        {
            throw;
        }

        return Reader(reader, subsegment, entityFrameworkCore);
    }
}
