using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using XRay.Data;

namespace XRay.EFCore;

/// <summary>
/// Records the connection opens EF Core makes: a failed open always (the most common database outage), a successful
/// one when <see cref="TracedDbOptions.TraceConnectionOpen"/> is on. A <see cref="TracedDbConnection"/> records its
/// own opens and is left to it. Added by <c>options.AddXRayInterceptor()</c>.
/// </summary>
public sealed class XRayDbConnectionInterceptor : DbConnectionInterceptor
{
    // One open at a time per connection object; an entry dies with its connection if EF Core never reports the end.
    private static readonly ConditionalWeakTable<DbConnection, OpenTrace> Opening = new();

    private readonly SqlRecorder? configured;

    /// <summary>Creates the interceptor.</summary>
    /// <param name="recorder">Where subsegments go; <see cref="XRayRecorder.Default"/> when null.</param>
    /// <param name="options">What is recorded; <see cref="TracedDbOptions.Default"/> when null. Frozen from now on.</param>
    public XRayDbConnectionInterceptor(XRayRecorder? recorder = null, TracedDbOptions? options = null)
        : this(recorder is null && options is null ? null : new SqlRecorder(recorder, options))
    {
    }

    internal XRayDbConnectionInterceptor(SqlRecorder? sqlRecorder) => configured = sqlRecorder;

    /// <summary>How calls are recorded: the given recorder and options, else the defaults.</summary>
    public SqlRecorder SqlRecorder => configured ?? SqlRecorder.Default;

    /// <summary>The instance behind <c>AddXRayInterceptor()</c> without arguments.</summary>
    internal static XRayDbConnectionInterceptor Shared { get; } = new(sqlRecorder: null);

    /// <inheritdoc cref="DbConnectionInterceptor.ConnectionOpening(DbConnection, ConnectionEventData, InterceptionResult)"/>
    public override InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Begin(connection, eventData, result);
        return result;
    }

    /// <inheritdoc cref="DbConnectionInterceptor.ConnectionOpeningAsync(DbConnection, ConnectionEventData, InterceptionResult, CancellationToken)"/>
    public override ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Begin(connection, eventData, result);
        return new(result);
    }

    /// <inheritdoc cref="DbConnectionInterceptor.ConnectionOpened(DbConnection, ConnectionEndEventData)"/>
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Take(connection, eventData)?.Call.Succeed();

    /// <inheritdoc cref="DbConnectionInterceptor.ConnectionOpenedAsync(DbConnection, ConnectionEndEventData, CancellationToken)"/>
    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Take(connection, eventData)?.Call.Succeed();
        return Task.CompletedTask;
    }

    /// <inheritdoc cref="DbConnectionInterceptor.ConnectionFailed(DbConnection, ConnectionErrorEventData)"/>
    public override void ConnectionFailed(DbConnection connection, ConnectionErrorEventData eventData) => Take(connection, eventData)?.Call.Fail(eventData.Exception);

    /// <inheritdoc cref="DbConnectionInterceptor.ConnectionFailedAsync(DbConnection, ConnectionErrorEventData, CancellationToken)"/>
    public override Task ConnectionFailedAsync(DbConnection connection, ConnectionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Take(connection, eventData)?.Call.Fail(eventData.Exception);
        return Task.CompletedTask;
    }

    private void Begin(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        if (result.IsSuppressed || connection is TracedDbConnection)
            return;
        var sql = SqlRecorder;
        if (!sql.MayRecord)
            return;
        SqlCall call;
        try
        {
            call = sql.BeginOperation(connection, SqlOperation.Open);
        }
        catch (ContextMissingException exception)
        {
            sql.Recorder.Options.Logger?.LogError(exception, "EF Core connection opened untraced: {Message}", exception.Message);
            return;
        }

        if (call.IsRecording)
            Opening.AddOrUpdate(connection, new OpenTrace(call, eventData.ConnectionId));
    }

    private static OpenTrace? Take(DbConnection connection, ConnectionEventData eventData)
        => Opening.TryGetValue(connection, out var trace) && trace.ConnectionId == eventData.ConnectionId && Opening.Remove(connection) ? trace : null;

    private sealed class OpenTrace(SqlCall call, Guid connectionId)
    {
        public SqlCall Call { get; } = call;

        public Guid ConnectionId { get; } = connectionId;
    }
}
