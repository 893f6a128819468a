using System.Data;
using System.Data.Common;
using XRay.Testing;

namespace XRay.Data.Tests.Conformance;

/// <summary>
/// What a probe works with: the factory under test (the provider's own or the traced one over it), the provider, sync or
/// async, and the transcript it writes. Every connection it hands out is disposed when the probe ends.
/// </summary>
internal sealed class ProbeContext(DbProviderFactory factory, ProviderUnderTest provider, SyncOrAsync mode) : IDisposable
{
    private readonly List<IDisposable> created = [];

    /// <summary>The provider's factory in one run, the traced factory over it in the others.</summary>
    public DbProviderFactory Factory { get; } = factory;

    public ProviderUnderTest Provider { get; } = provider;

    public SyncOrAsync Mode { get; } = mode;

    public bool IsAsync => Mode == SyncOrAsync.Async;

    public Transcript Log { get; } = new();

    public string ConnectionString => Provider.ConnectionString;

    /// <summary>A token that is canceled already.</summary>
    public static CancellationToken Canceled => new(canceled: true);

    /// <summary>A new connection from the factory, named in the transcript, with no connection string.</summary>
    public DbConnection NewConnection(string name = "connection")
    {
        var connection = Track(Factory.CreateConnection()!);
        Log.Name(connection, name);
        return connection;
    }

    /// <summary>A new connection from the factory with the provider's connection string, not opened.</summary>
    public DbConnection Connection(string name = "connection")
    {
        var connection = NewConnection(name);
        connection.ConnectionString = ConnectionString;
        return connection;
    }

    /// <summary>A connection from the factory, opened sync or async.</summary>
    public async Task<DbConnection> OpenAsync(string name = "connection")
    {
        var connection = Connection(name);
        await Mode.OpenAsync(connection);
        return connection;
    }

    /// <summary>A command named <c>command</c> on a new open connection named <c>connection</c>.</summary>
    public async Task<DbCommand> CommandAsync(string? commandText = null)
    {
        var connection = await OpenAsync();
        var command = Track(connection.CreateCommand());
        Log.Name(command, "command");
        command.CommandText = commandText;
        return command;
    }

    /// <summary>A reader named <c>reader</c> over <paramref name="commandText"/> on a new open connection.</summary>
    public async Task<DbDataReader> ReaderAsync(string commandText, CommandBehavior behavior = CommandBehavior.Default)
    {
        var command = await CommandAsync(commandText);
        var reader = Track(await Mode.ExecuteReaderAsync(command, behavior));
        Log.Name(reader, "reader");
        return reader;
    }

    /// <summary>Disposed when the probe ends, whatever happened to it before.</summary>
    public T Track<T>(T disposable)
        where T : IDisposable
    {
        created.Add(disposable);
        return disposable;
    }

    /// <summary>Writes the connection's <c>StateChange</c> and <c>Disposed</c> events into the transcript as they are raised.</summary>
    public void Watch(DbConnection connection)
    {
        connection.StateChange += (sender, e) => Log.Event($"StateChange of {Who(sender)}: {e.OriginalState} -> {e.CurrentState}");
        connection.Disposed += (sender, _) => Log.Event($"Disposed of {Who(sender)}");
    }

    /// <summary>Writes the command's <c>Disposed</c> events into the transcript as they are raised.</summary>
    public void Watch(DbCommand command) => command.Disposed += (sender, _) => Log.Event($"Disposed of {Who(sender)}");

    public Task ExecuteAsync(string what, DbCommand command, Execution execution) => execution switch
    {
        Execution.NonQuery => Log.GetAsync(what, () => Mode.ExecuteNonQueryAsync(command)),
        Execution.Scalar => Log.GetAsync(what, () => Mode.ExecuteScalarAsync(command)),
        _ => Log.DoAsync(what, async () =>
        {
            await using var reader = await Mode.ExecuteReaderAsync(command);
            await ReadAllAsync(reader);
        }),
    };

    public Task ExecuteAsync(string what, DbBatch batch, Execution execution) => execution switch
    {
        Execution.NonQuery => Log.GetAsync(what, () => Mode.ExecuteNonQueryAsync(batch)),
        Execution.Scalar => Log.GetAsync(what, () => Mode.ExecuteScalarAsync(batch)),
        _ => Log.DoAsync(what, async () =>
        {
            await using var reader = await Mode.ExecuteReaderAsync(batch);
            await ReadAllAsync(reader);
        }),
    };

    /// <summary>Reads every row of every result into the transcript.</summary>
    public async Task ReadAllAsync(DbDataReader reader)
    {
        var result = 0;
        do
        {
            Log.Note($"result {result} fields", reader.FieldCount);
            while (await Mode.ReadAsync(reader))
            {
                var values = new object[reader.FieldCount];
                reader.GetValues(values);
                Log.Note($"result {result} row", values);
            }

            result++;
        }
        while (await Mode.NextResultAsync(reader));
    }

    public async Task CloseAsync(DbConnection connection)
    {
        if (IsAsync)
            await connection.CloseAsync();
        else
            connection.Close();
    }

    public async Task PrepareAsync(DbCommand command)
    {
        if (IsAsync)
            await command.PrepareAsync();
        else
            command.Prepare();
    }

    public async Task PrepareAsync(DbBatch batch)
    {
        if (IsAsync)
            await batch.PrepareAsync();
        else
            batch.Prepare();
    }

    public void Dispose()
    {
        for (var i = created.Count - 1; i >= 0; i--)
        {
            try
            {
                created[i].Dispose();
            }
#pragma warning disable CA1031 // Tidying up after a probe that may have broken its objects on purpose.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }

    private string Who(object? sender) => Log.Describe(sender);
}
