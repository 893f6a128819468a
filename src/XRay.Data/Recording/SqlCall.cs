using System.Data.Common;
using System.Diagnostics;

namespace XRay.Data;

/// <summary>
/// One database call being recorded, as <see cref="SqlRecorder"/> began it: end it exactly once, with
/// <see cref="Succeed"/>, <see cref="Fail"/> or <see cref="Cancel"/>. The default value records nothing, so callers
/// end every call the same way whether or not it is recorded.
/// </summary>
public readonly struct SqlCall
{
    private readonly SqlRecorder? recorder;
    private readonly Subsegment? subsegment;
    private readonly Activity? activity;
    private readonly DbConnection? connection;
    private readonly Entity? pendingParent;
    private readonly long pendingStart;

    /// <summary>A call recorded as a subsegment, as an Activity, or both.</summary>
    internal SqlCall(SqlRecorder recorder, Subsegment? subsegment, Activity? activity, DbConnection connection)
    {
        this.recorder = recorder;
        this.subsegment = subsegment;
        this.activity = activity;
        this.connection = connection;
    }

    /// <summary>An open that is recorded only if it fails, from <paramref name="startMicroseconds"/> under <paramref name="parent"/>.</summary>
    internal SqlCall(SqlRecorder recorder, Entity parent, DbConnection connection, long startMicroseconds)
    {
        this.recorder = recorder;
        this.connection = connection;
        pendingParent = parent;
        pendingStart = startMicroseconds;
    }

    /// <summary>True when ending this call records something.</summary>
    public bool IsRecording => subsegment is not null || activity is not null || pendingParent is not null;

    /// <summary>The call's subsegment, for adding annotations or metadata; null when none was begun.</summary>
    public Subsegment? Subsegment => subsegment;

    /// <summary>Ends a call that completed, with the rows it changed or read when known.</summary>
    /// <param name="rowsAffected">Rows inserted, updated or deleted, as the provider reports them (negative: unknown).</param>
    /// <param name="rowsRead">Rows read from a data reader.</param>
    public void Succeed(long? rowsAffected = null, long? rowsRead = null)
    {
        if (activity is not null)
            SqlActivities.Succeed(activity, rowsRead);
        if (subsegment is not null)
            recorder!.Succeed(subsegment, connection!, rowsAffected, rowsRead);
    }

    /// <summary>
    /// Ends a call that threw: a fault with the exception as its cause, or an error when the exception is a
    /// cancellation. Never throws; the exception itself is left alone for the caller to rethrow.
    /// </summary>
    public void Fail(Exception exception)
    {
        if (exception is null)
            return;
        if (activity is not null)
            recorder!.FailActivity(activity, connection!, exception);
        if (subsegment is not null)
            recorder!.Fail(subsegment, connection!, exception);
        else if (pendingParent is not null)
            recorder!.FailPendingOpen(pendingParent, connection!, pendingStart, exception);
    }

    /// <summary>
    /// Ends the call when the provider's asynchronous execution completes: a failure with its exception, a success by
    /// <paramref name="succeeded"/>, which also makes the caller's result. The one await of the ADO.NET wrappers,
    /// whose bodies run a synchronous execution without any state machine.
    /// </summary>
    internal async ValueTask<TResult> EndWhenDone<T, TState, TResult>(Task<T> pending, TState state, Func<SqlCall, T, TState, TResult> succeeded)
    {
        T result;
        try
        {
            result = await pending.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Fail(ex);
            throw;
        }

        return succeeded(this, result, state);
    }

    /// <summary>Ends a non-query that completed with the rows it changed, and hands them on: an end for <see cref="EndWhenDone"/>.</summary>
    internal static int RowsAffected(SqlCall call, int rows, object? state)
    {
        call.Succeed(rowsAffected: rows);
        return rows;
    }

    /// <summary>Ends a call that completed with a scalar, and hands it on: an end for <see cref="EndWhenDone"/>.</summary>
    internal static object? Scalar(SqlCall call, object? result, object? state)
    {
        call.Succeed();
        return result;
    }

    /// <summary>Ends a call the caller gave up on, when no exception is at hand: an error, not a fault.</summary>
    public void Cancel()
    {
        if (activity is not null)
            SqlActivities.Cancel(activity);
        if (subsegment is null)
            return;
        subsegment.Error = true;
        subsegment.End();
    }
}
