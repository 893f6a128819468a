namespace XRay.Data;

/// <summary>
/// What is recorded of each database call, for traced connections, data sources, factories and the EF Core
/// interceptor alike. Set the properties, then hand the instance over: from then on it is frozen, so one instance
/// may be shared by any number of connections and no later assignment can change what they record.
/// </summary>
public sealed class TracedDbOptions
{
    private bool frozen;
    private int hookFailuresLogged;

    /// <summary>
    /// The options used when none are given: sanitized queries, transactions traced, successful opens not. Frozen.
    /// </summary>
    public static TracedDbOptions Default { get; } = new TracedDbOptions().Freeze();

    /// <summary>What of the query text is recorded; <see cref="QueryCapture.Sanitized"/> unless changed.</summary>
    public QueryCapture QueryCapture
    {
        get;
        set => field = Settable(value);
    }

    /// <summary>
    /// What of a failed call's exception messages is recorded in its <c>cause</c>; <see cref="ErrorCapture.Redacted"/>
    /// unless changed, because databases quote the values they fail on, parameters included.
    /// </summary>
    public ErrorCapture ErrorCapture
    {
        get;
        set => field = Settable(value);
    }

    /// <summary>
    /// Keeps comments verbatim in the sanitized query (useful for constant query tags such as
    /// <c>/* controller=orders */</c>). Off by default, because a comment can carry runtime values.
    /// </summary>
    public bool KeepComments
    {
        get;
        set => field = Settable(value);
    }

    /// <summary>
    /// Records every successful connection open as a subsegment of its own. Off by default; a failed open is always
    /// recorded, because it is the most common database outage.
    /// </summary>
    public bool TraceConnectionOpen
    {
        get;
        set => field = Settable(value);
    }

    /// <summary>Records <c>COMMIT</c>, <c>ROLLBACK</c> and savepoints as subsegments of their own. On by default.</summary>
    public bool TraceTransactions
    {
        get;
        set => field = Settable(value);
    } = true;

    /// <summary>
    /// With no X-Ray segment current but an OpenTelemetry <see cref="System.Diagnostics.Activity"/> that is recorded,
    /// sends each call's subsegment into that Activity's trace: the trace id converted from the W3C form, the parent
    /// the current span, sent on its own when it ends. Off by default.
    /// </summary>
    /// <remarks>
    /// Right when the application's spans reach X-Ray too (OTLP to X-Ray or through the CloudWatch agent), so the
    /// subsegments sit under spans X-Ray knows. Not right when the spans go elsewhere — the subsegments would hang
    /// under parents X-Ray never receives — nor while the <c>XRay.Data</c> Activities are exported to X-Ray as well,
    /// which would record every command twice.
    /// </remarks>
    public bool JoinActivityTrace
    {
        get;
        set => field = Settable(value);
    }

    /// <summary>
    /// Also records the query summary as the annotation <c>query_summary</c>, so traces can be searched by what a
    /// command did. Off by default: X-Ray indexes few annotations per trace, and the summary is always in
    /// <c>metadata.sql.query_summary</c>.
    /// </summary>
    public bool AnnotateQuerySummary
    {
        get;
        set => field = Settable(value);
    }

    /// <summary>
    /// Decides whether a call is recorded (return false to skip it, such as a health check's <c>SELECT 1</c>). Called
    /// only when the call would be recorded; an exception it throws is logged once and the call is recorded.
    /// </summary>
    public Func<SqlCallInfo, bool>? Filter
    {
        get;
        set => field = Settable(value);
    }

    /// <summary>
    /// Adds annotations or metadata to a call's subsegment from the command, right after it begins. Called only when
    /// the call is recorded; an exception it throws is logged once and never reaches the application.
    /// </summary>
    public Action<Subsegment, SqlCallInfo>? Enrich
    {
        get;
        set => field = Settable(value);
    }

    /// <summary>True once the options have been handed to a connection, data source, factory or interceptor.</summary>
    public bool IsFrozen => Volatile.Read(ref frozen);

    /// <summary>The sanitizer's options for <see cref="KeepComments"/>; shared instances, so nothing is allocated per command.</summary>
    internal SqlSanitizerOptions SanitizerOptions => KeepComments ? KeepCommentsSanitizerOptions : SqlSanitizerOptions.Default;

    private static SqlSanitizerOptions KeepCommentsSanitizerOptions { get; } = new() { KeepComments = true };

    /// <summary>Makes every property read-only from now on; returns the same instance.</summary>
    internal TracedDbOptions Freeze()
    {
        Volatile.Write(ref frozen, true);
        return this;
    }

    /// <summary>True the first time a user hook fails, so it is logged once per options instance.</summary>
    internal bool FirstHookFailure() => Interlocked.Exchange(ref hookFailuresLogged, 1) == 0;

    private T Settable<T>(T value)
    {
        if (IsFrozen)
            throw new InvalidOperationException("These TracedDbOptions are already in use by a traced connection, data source, factory or interceptor and can no longer change. Create a new instance for different options.");
        return value;
    }
}
