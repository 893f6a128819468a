using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;
using XRay.Data;

namespace XRay.EFCore;

// Commands: each hook begins or ends a command's subsegment and hands EF Core's result back unchanged. A traced
// connection's command leaves its recording to these hooks and hands EF Core the provider's reader, because providers
// cast it to their own type (Npgsql's SaveChanges does). A query's subsegment ends when EF Core closes its reader.
public sealed partial class XRayInterceptor
{
    // Keyed by command object so that begin and end pair up whatever the current entity is. EF Core reuses a command
    // object for later executions, one at a time; an entry is removed when its execution ends, and dies with its
    // command if EF Core never reports the end (a reader abandoned without disposal), so nothing accumulates.
    private static readonly ConditionalWeakTable<DbCommand, InFlightCall> Commands = new();

    /// <summary>
    /// Takes over recording a traced connection's command, so that EF Core reads the provider's own readers and each
    /// command is recorded once, here, with EF Core's context and the traced connection's recorder and options.
    /// </summary>
    public DbCommand CommandCreated(CommandEndEventData eventData, DbCommand result)
    {
        if (result is TracedDbCommand traced)
            traced.RecordedByCaller = true;
        return result;
    }

    /// <inheritdoc cref="IDbCommandInterceptor.ReaderExecuting(DbCommand, CommandEventData, InterceptionResult{DbDataReader})"/>
    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        => Executing(command, eventData, result);

    /// <inheritdoc cref="IDbCommandInterceptor.ReaderExecutingAsync(DbCommand, CommandEventData, InterceptionResult{DbDataReader}, CancellationToken)"/>
    public ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        => new(Executing(command, eventData, result));

    /// <inheritdoc cref="IDbCommandInterceptor.ScalarExecuting(DbCommand, CommandEventData, InterceptionResult{object})"/>
    public InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
        => Executing(command, eventData, result);

    /// <inheritdoc cref="IDbCommandInterceptor.ScalarExecutingAsync(DbCommand, CommandEventData, InterceptionResult{object}, CancellationToken)"/>
    public ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        => new(Executing(command, eventData, result));

    /// <inheritdoc cref="IDbCommandInterceptor.NonQueryExecuting(DbCommand, CommandEventData, InterceptionResult{int})"/>
    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
        => Executing(command, eventData, result);

    /// <inheritdoc cref="IDbCommandInterceptor.NonQueryExecutingAsync(DbCommand, CommandEventData, InterceptionResult{int}, CancellationToken)"/>
    public ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        => new(Executing(command, eventData, result));

    /// <inheritdoc cref="IDbCommandInterceptor.ScalarExecuted(DbCommand, CommandExecutedEventData, object)"/>
    public object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Succeed(command, eventData.CommandId);
        return result;
    }

    /// <inheritdoc cref="IDbCommandInterceptor.ScalarExecutedAsync(DbCommand, CommandExecutedEventData, object, CancellationToken)"/>
    public ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Succeed(command, eventData.CommandId);
        return new(result);
    }

    /// <inheritdoc cref="IDbCommandInterceptor.NonQueryExecuted(DbCommand, CommandExecutedEventData, int)"/>
    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Succeed(command, eventData.CommandId, RowsAffected(result));
        return result;
    }

    /// <inheritdoc cref="IDbCommandInterceptor.NonQueryExecutedAsync(DbCommand, CommandExecutedEventData, int, CancellationToken)"/>
    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Succeed(command, eventData.CommandId, RowsAffected(result));
        return new(result);
    }

    /// <inheritdoc cref="IDbCommandInterceptor.CommandFailed(DbCommand, CommandErrorEventData)"/>
    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => TakeCommand(command, eventData.CommandId)?.Call.Fail(eventData.Exception);

    /// <inheritdoc cref="IDbCommandInterceptor.CommandFailedAsync(DbCommand, CommandErrorEventData, CancellationToken)"/>
    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        CommandFailed(command, eventData);
        return Task.CompletedTask;
    }

    /// <summary>EF Core reports a cancellation without its exception: the caller gave up, so it is an error, not a fault.</summary>
    public void CommandCanceled(DbCommand command, CommandEndEventData eventData) => TakeCommand(command, eventData.CommandId)?.Call.Cancel();

    /// <inheritdoc cref="CommandCanceled(DbCommand, CommandEndEventData)"/>
    public Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        CommandCanceled(command, eventData);
        return Task.CompletedTask;
    }

    /// <inheritdoc cref="IDbCommandInterceptor.DataReaderClosing(DbCommand, DataReaderClosingEventData, InterceptionResult)"/>
    public InterceptionResult DataReaderClosing(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        Succeed(command, eventData.CommandId, RowsAffected(eventData.RecordsAffected), eventData.ReadCount);
        return result;
    }

    /// <inheritdoc cref="IDbCommandInterceptor.DataReaderClosingAsync(DbCommand, DataReaderClosingEventData, InterceptionResult)"/>
    public ValueTask<InterceptionResult> DataReaderClosingAsync(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
        => new(DataReaderClosing(command, eventData, result));

    /// <summary>Reached without Closing when the reader is disposed before it is closed.</summary>
    public InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        Succeed(command, eventData.CommandId, RowsAffected(eventData.RecordsAffected), eventData.ReadCount);
        return result;
    }

    /// <summary>
    /// The rows EF Core read, from its count of <c>Read</c> calls: SaveChanges reads exactly the rows it expects back;
    /// a query reads until <c>Read</c> finds no row, so that last call is not a row. None counted means EF Core read
    /// past its own count (the includes of a split query), so the number is unknown rather than zero.
    /// </summary>
    internal static long? RowsRead(CommandSource source, int readCount)
    {
        if (readCount <= 0)
            return null;
        return source == CommandSource.SaveChanges ? readCount : readCount - 1;
    }

    /// <summary>Begins the command's subsegment unless an earlier interceptor already supplied the result.</summary>
    private InterceptionResult<T> Executing<T>(DbCommand command, CommandEventData eventData, InterceptionResult<T> result)
    {
        if (!result.HasResult)
            BeginCommand(command, eventData);
        return result;
    }

    private void BeginCommand(DbCommand command, CommandEventData eventData)
    {
        var traced = command as TracedDbCommand;
        if (traced is { RecordedByCaller: false })
            return;
        var sql = traced?.SqlRecorder ?? SqlRecorderFor(eventData.Context);
        // The cheap guard first: nothing is allocated when tracing is off or the trace is not sampled.
        if (!sql.MayRecord)
            return;
        if (Commands.TryGetValue(command, out var open) && open.Id == eventData.CommandId)
            return;

        var provider = traced?.InnerCommand ?? command;
        var call = Begin(sql, (provider, eventData.Connection), static (s, x) => s.BeginCommand(x.provider.Connection ?? x.Connection, x.provider), "command");
        if (!call.IsRecording)
            return;
        // A call may be only an Activity (no segment, something listening): it is ended all the same.
        if (call.Subsegment is { } subsegment)
        {
            if (eventData.Context is { } context)
                subsegment.AddMetadata("context", context.GetType().FullName, MetadataNamespace);
            subsegment.AddMetadata("command_source", SourceName(eventData.CommandSource), MetadataNamespace);
        }

        Commands.AddOrUpdate(command, new InFlightCall(call, eventData.CommandId, eventData.CommandSource));
    }

    private static void Succeed(DbCommand command, Guid commandId, long? rowsAffected = null, int? readCount = null)
    {
        if (TakeCommand(command, commandId) is { } trace)
            trace.Call.Succeed(rowsAffected, readCount is { } count ? RowsRead(trace.Source, count) : null);
    }

    /// <summary>Removes and returns the execution's trace; null when it is not traced or already ended.</summary>
    private static InFlightCall? TakeCommand(DbCommand command, Guid commandId)
        => Commands.TryGetValue(command, out var trace) && trace.Id == commandId && Commands.Remove(command) ? trace : null;

    private static long? RowsAffected(int recordsAffected) => recordsAffected >= 0 ? recordsAffected : null;

    private static string SourceName(CommandSource source) => source switch
    {
        CommandSource.LinqQuery => "LinqQuery",
        CommandSource.SaveChanges => "SaveChanges",
        CommandSource.Migrations => "Migrations",
        CommandSource.FromSqlQuery => "FromSqlQuery",
        CommandSource.ExecuteSqlRaw => "ExecuteSqlRaw",
        CommandSource.ValueGenerator => "ValueGenerator",
        CommandSource.Scaffolding => "Scaffolding",
        // EF Core 10 reports ExecuteDelete commands as ExecuteUpdate too.
        CommandSource.ExecuteUpdate => "ExecuteUpdate",
        CommandSource.ExecuteDelete => "ExecuteDelete",
        _ => "Unknown",
    };
}
