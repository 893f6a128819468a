using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;
using XRay.Data;

namespace XRay.EFCore;

// Connection opens: a failed open is always recorded (the most common database outage), a successful one only with
// TraceConnectionOpen. A traced connection records its own opens and is left to it.
public sealed partial class XRayInterceptor
{
    // One open at a time per connection object; an entry dies with its connection if EF Core never reports the end.
    private static readonly ConditionalWeakTable<DbConnection, InFlightCall> Opens = new();

    /// <inheritdoc cref="IDbConnectionInterceptor.ConnectionOpening(DbConnection, ConnectionEventData, InterceptionResult)"/>
    public InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        if (!result.IsSuppressed && connection is not TracedDbConnection && SqlRecorderFor(eventData.Context) is { MayRecord: true } sql)
        {
            var call = Begin(sql, connection, static (s, c) => s.BeginOperation(c, SqlOperation.Open), "connection open");
            if (call.IsRecording)
                Opens.AddOrUpdate(connection, new InFlightCall(call, eventData.ConnectionId));
        }

        return result;
    }

    /// <inheritdoc cref="IDbConnectionInterceptor.ConnectionOpeningAsync(DbConnection, ConnectionEventData, InterceptionResult, CancellationToken)"/>
    public ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        => new(ConnectionOpening(connection, eventData, result));

    /// <inheritdoc cref="IDbConnectionInterceptor.ConnectionOpened(DbConnection, ConnectionEndEventData)"/>
    public void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => TakeOpen(connection, eventData)?.Call.Succeed();

    /// <inheritdoc cref="IDbConnectionInterceptor.ConnectionOpenedAsync(DbConnection, ConnectionEndEventData, CancellationToken)"/>
    public Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ConnectionOpened(connection, eventData);
        return Task.CompletedTask;
    }

    /// <inheritdoc cref="IDbConnectionInterceptor.ConnectionFailed(DbConnection, ConnectionErrorEventData)"/>
    public void ConnectionFailed(DbConnection connection, ConnectionErrorEventData eventData) => TakeOpen(connection, eventData)?.Call.Fail(eventData.Exception);

    /// <inheritdoc cref="IDbConnectionInterceptor.ConnectionFailedAsync(DbConnection, ConnectionErrorEventData, CancellationToken)"/>
    public Task ConnectionFailedAsync(DbConnection connection, ConnectionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ConnectionFailed(connection, eventData);
        return Task.CompletedTask;
    }

    private static InFlightCall? TakeOpen(DbConnection connection, ConnectionEventData eventData)
        => Opens.TryGetValue(connection, out var open) && open.Id == eventData.ConnectionId && Opens.Remove(connection) ? open : null;
}
