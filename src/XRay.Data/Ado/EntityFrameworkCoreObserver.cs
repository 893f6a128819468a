using System.Diagnostics;

namespace XRay.Data;

/// <summary>
/// Lets a <see cref="TracedDbConnection"/> run under EF Core with or without the interceptor. EF Core reads the
/// provider's own data reader (Npgsql's SaveChanges casts it to <c>NpgsqlDataReader</c>), so a traced command it
/// runs must hand out the provider's reader instead of a <see cref="TracedDbDataReader"/>. EF Core announces every
/// execution on its <see cref="DiagnosticListener"/> just before running it and every reader close after, which is
/// where a traced command learns that EF Core is its caller and when its reader closes.
/// </summary>
internal sealed class EntityFrameworkCoreObserver : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    /// <summary>The metadata namespace for what EF Core knows about a command.</summary>
    public const string MetadataNamespace = "EntityFrameworkCore";

    private const string ListenerName = "Microsoft.EntityFrameworkCore";
    private const string CommandExecuting = "Microsoft.EntityFrameworkCore.Database.Command.CommandExecuting";
    private const string DataReaderClosing = "Microsoft.EntityFrameworkCore.Database.Command.DataReaderClosing";
    private const string DataReaderDisposing = "Microsoft.EntityFrameworkCore.Database.Command.DataReaderDisposing";

    private static readonly Predicate<string> IsEnabled = static name => name is CommandExecuting or DataReaderClosing or DataReaderDisposing;

    private static int started;

    private EntityFrameworkCoreObserver()
    {
    }

    /// <summary>
    /// Starts listening to every EF Core instance in the process, once; called when the first traced connection is
    /// made, so applications that never make one pay nothing.
    /// </summary>
    public static void Start()
    {
        if (Volatile.Read(ref started) == 0 && Interlocked.Exchange(ref started, 1) == 0)
            DiagnosticListener.AllListeners.Subscribe(new EntityFrameworkCoreObserver());
    }

    /// <summary>
    /// The rows EF Core read, from its count of <c>Read</c> calls: SaveChanges reads exactly the rows it expects back;
    /// a query reads until <c>Read</c> finds no row, so that last call is not a row. None counted means EF Core read
    /// past its own count (the includes of a split query), so the number is unknown rather than zero.
    /// </summary>
    public static long? RowsRead(bool saveChanges, int readCount)
    {
        if (readCount <= 0)
            return null;
        return saveChanges ? readCount : readCount - 1;
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener value)
    {
        if (value.Name == ListenerName)
            value.Subscribe(this, IsEnabled);
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        try
        {
            if (value.Value is not { } payload)
                return;
            var shape = EntityFrameworkCorePayload.For(payload.GetType());
            if (shape.TracedCommand(payload) is not { } command)
                return;
            if (value.Key == CommandExecuting)
                command.ExecutingInEntityFrameworkCore(shape.ContextName(payload), shape.CommandSource(payload));
            else
                command.EntityFrameworkCoreReaderClosing(shape.RecordsAffected(payload), shape.ReadCount(payload));
        }
#pragma warning disable CA1031 // Observing EF Core must never fail the command EF Core is about to run.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    void IObserver<DiagnosticListener>.OnCompleted()
    {
    }

    void IObserver<DiagnosticListener>.OnError(Exception error)
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnCompleted()
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error)
    {
    }
}
