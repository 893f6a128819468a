using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using XRay.Data;

namespace XRay.EFCore;

// The EF Core hooks: each one begins or ends a command's subsegment and hands EF Core's result back unchanged. A
// traced connection's command leaves its recording to these hooks and hands EF Core the provider's reader, because
// providers cast it to their own type (Npgsql's SaveChanges does). A query's subsegment ends when EF Core closes its
// reader, after the rows are read.
public sealed partial class XRayDbCommandInterceptor
{
    /// <summary>
    /// Takes over recording a traced connection's command, so that EF Core reads the provider's own readers and each
    /// command is recorded once, here, with EF Core's context and the traced connection's recorder and options.
    /// </summary>
    public override DbCommand CommandCreated(CommandEndEventData eventData, DbCommand result)
    {
        if (result is TracedDbCommand traced)
            traced.RecordedByCaller = true;
        return result;
    }

    /// <inheritdoc cref="DbCommandInterceptor.ReaderExecuting(DbCommand, CommandEventData, InterceptionResult{DbDataReader})"/>
    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        => Executing(command, eventData, result);

    /// <inheritdoc cref="DbCommandInterceptor.ReaderExecutingAsync(DbCommand, CommandEventData, InterceptionResult{DbDataReader}, CancellationToken)"/>
    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        => new(Executing(command, eventData, result));

    /// <inheritdoc cref="DbCommandInterceptor.ScalarExecuting(DbCommand, CommandEventData, InterceptionResult{object})"/>
    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
        => Executing(command, eventData, result);

    /// <inheritdoc cref="DbCommandInterceptor.ScalarExecutingAsync(DbCommand, CommandEventData, InterceptionResult{object}, CancellationToken)"/>
    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        => new(Executing(command, eventData, result));

    /// <inheritdoc cref="DbCommandInterceptor.NonQueryExecuting(DbCommand, CommandEventData, InterceptionResult{int})"/>
    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
        => Executing(command, eventData, result);

    /// <inheritdoc cref="DbCommandInterceptor.NonQueryExecutingAsync(DbCommand, CommandEventData, InterceptionResult{int}, CancellationToken)"/>
    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        => new(Executing(command, eventData, result));

    /// <inheritdoc cref="DbCommandInterceptor.ScalarExecuted(DbCommand, CommandExecutedEventData, object)"/>
    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Succeed(command, eventData.CommandId);
        return result;
    }

    /// <inheritdoc cref="DbCommandInterceptor.ScalarExecutedAsync(DbCommand, CommandExecutedEventData, object, CancellationToken)"/>
    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Succeed(command, eventData.CommandId);
        return new(result);
    }

    /// <inheritdoc cref="DbCommandInterceptor.NonQueryExecuted(DbCommand, CommandExecutedEventData, int)"/>
    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Succeed(command, eventData.CommandId, RowsAffected(result));
        return result;
    }

    /// <inheritdoc cref="DbCommandInterceptor.NonQueryExecutedAsync(DbCommand, CommandExecutedEventData, int, CancellationToken)"/>
    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Succeed(command, eventData.CommandId, RowsAffected(result));
        return new(result);
    }

    /// <inheritdoc cref="DbCommandInterceptor.CommandFailed(DbCommand, CommandErrorEventData)"/>
    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData)
        => Fail(command, eventData.CommandId, eventData.Exception);

    /// <inheritdoc cref="DbCommandInterceptor.CommandFailedAsync(DbCommand, CommandErrorEventData, CancellationToken)"/>
    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Fail(command, eventData.CommandId, eventData.Exception);
        return Task.CompletedTask;
    }

    /// <inheritdoc cref="DbCommandInterceptor.CommandCanceled(DbCommand, CommandEndEventData)"/>
    public override void CommandCanceled(DbCommand command, CommandEndEventData eventData)
        => Cancel(command, eventData.CommandId);

    /// <inheritdoc cref="DbCommandInterceptor.CommandCanceledAsync(DbCommand, CommandEndEventData, CancellationToken)"/>
    public override Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Cancel(command, eventData.CommandId);
        return Task.CompletedTask;
    }

    /// <inheritdoc cref="DbCommandInterceptor.DataReaderClosing(DbCommand, DataReaderClosingEventData, InterceptionResult)"/>
    public override InterceptionResult DataReaderClosing(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        Succeed(command, eventData.CommandId, RowsAffected(eventData.RecordsAffected), eventData.ReadCount);
        return result;
    }

    /// <inheritdoc cref="DbCommandInterceptor.DataReaderClosingAsync(DbCommand, DataReaderClosingEventData, InterceptionResult)"/>
    public override ValueTask<InterceptionResult> DataReaderClosingAsync(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        Succeed(command, eventData.CommandId, RowsAffected(eventData.RecordsAffected), eventData.ReadCount);
        return new(result);
    }

    /// <inheritdoc cref="DbCommandInterceptor.DataReaderDisposing(DbCommand, DataReaderDisposingEventData, InterceptionResult)"/>
    public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        // Reached without Closing when the reader is disposed before it is closed.
        Succeed(command, eventData.CommandId, RowsAffected(eventData.RecordsAffected), eventData.ReadCount);
        return result;
    }

    /// <summary>Begins the command's subsegment unless an earlier interceptor already supplied the result.</summary>
    private InterceptionResult<T> Executing<T>(DbCommand command, CommandEventData eventData, InterceptionResult<T> result)
    {
        if (!result.HasResult)
            Begin(command, eventData);
        return result;
    }
}
