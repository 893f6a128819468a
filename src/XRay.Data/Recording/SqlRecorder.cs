using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.Logging;

namespace XRay.Data;

/// <summary>
/// Records database calls as X-Ray <c>sql</c> subsegments: the one place where every integration — the ADO.NET
/// wrappers and the EF Core interceptor — decides whether a call is recorded (tracing enabled, a sampled segment
/// current, the filter), applies the context-missing strategy, describes the call, and ends it as a success, a
/// failure or a cancellation with its row counts.
/// </summary>
/// <remarks>
/// A begin returns a <see cref="SqlCall"/> that pairs the call with its end; nothing is paired through the ambient
/// current entity, so interleaved calls cannot end each other's subsegments. Pass the provider's own connection
/// (not a traced wrapper): its type and connection string name the subsegment.
/// </remarks>
public sealed class SqlRecorder
{
    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> every recorded command's Activity comes from: <c>AddSource("XRay.Data")</c>.</summary>
    public const string ActivitySourceName = SqlActivities.SourceName;

    private const string UnnamedCall = "sql";

    private static readonly Lazy<SqlRecorder> DefaultRecorder = new(static () => new SqlRecorder());

    /// <summary>Records to <paramref name="recorder"/> what <paramref name="options"/> say; freezes the options.</summary>
    /// <param name="recorder">Where subsegments go; <see cref="XRayRecorder.Default"/> when null.</param>
    /// <param name="options">What is recorded; <see cref="TracedDbOptions.Default"/> when null.</param>
    public SqlRecorder(XRayRecorder? recorder = null, TracedDbOptions? options = null)
    {
        Recorder = recorder ?? XRayRecorder.Default;
        Options = (options ?? TracedDbOptions.Default).Freeze();
    }

    /// <summary>The recorder of <see cref="XRayRecorder.Default"/> with <see cref="TracedDbOptions.Default"/>.</summary>
    public static SqlRecorder Default => DefaultRecorder.Value;

    /// <summary>Where the subsegments go.</summary>
    public XRayRecorder Recorder { get; }

    /// <summary>What is recorded; frozen.</summary>
    public TracedDbOptions Options { get; }

    /// <summary>
    /// The cheap guard, read before anything else: false when no call can be recorded now (tracing is disabled, or
    /// the current trace is not sampled), so a caller may run the provider directly without looking at the command.
    /// True with no segment current too, because a begin then applies the context-missing strategy.
    /// </summary>
    /// <remarks>Also true whenever something listens to the <c>XRay.Data</c> activity source, sampled segment or not.</remarks>
    public bool MayRecord => (Recorder.IsEnabled && TraceContext.Current is not { Sampled: false }) || SqlActivities.Source.HasListeners();

    /// <summary>Begins the subsegment of a command about to run.</summary>
    /// <param name="connection">The provider's connection the command runs on.</param>
    /// <param name="command">The provider's command; its text and type are read only when the call is recorded.</param>
    /// <returns>The call to end; <see cref="SqlCall.IsRecording"/> is false when nothing is recorded.</returns>
    /// <exception cref="ContextMissingException">No segment is current and the strategy is <c>RUNTIME_ERROR</c>.</exception>
    public SqlCall BeginCommand(DbConnection connection, DbCommand command)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(command);
        return BeginCommand(connection, command, new SqlCallContext(TraceContext.Current, SqlActivities.Source.HasListeners()));
    }

    /// <summary>
    /// The guard of the ADO.NET wrappers, from one read of the current entity: false when nothing is recorded, after
    /// applying the context-missing strategy when no segment is current, so the wrapper runs the provider directly;
    /// true when <see cref="BeginCommand(DbConnection, DbCommand, in SqlCallContext)"/> or
    /// <see cref="BeginBatch(DbConnection, DbBatch, in SqlCallContext)"/> is to follow with the context it returns.
    /// </summary>
    /// <param name="source">The wrapper, whose provider connection the context-missing strategy's message names.</param>
    /// <param name="context">What the begin needs of this check.</param>
    /// <exception cref="ContextMissingException">No segment is current and the strategy is <c>RUNTIME_ERROR</c>.</exception>
    // Inlined into each wrapper's entry, so that an unsampled call makes no call here; the rarer answers are not.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool Records(IProviderConnectionSource source, out SqlCallContext context)
    {
        // Written only when recorded: a call that records nothing stores no entity through the reference.
        context = default;
        var current = TraceContext.Current;
        if (SqlActivities.Source.HasListeners())
        {
            context = new SqlCallContext(current, Listening: true);
            return true;
        }

        if (!Recorder.IsEnabled)
            return false;
        if (current is not null)
        {
            if (!current.Sampled)
                return false;
            context = new SqlCallContext(current, Listening: false);
            return true;
        }

        return NoSegment(source);
    }

    /// <summary>
    /// <see cref="Records"/> for an asynchronous call: the context-missing strategy's exception is handed back in
    /// <paramref name="refused"/>, for the returned task, instead of thrown.
    /// </summary>
    internal bool RecordsAsync(IProviderConnectionSource source, out SqlCallContext context, out Exception? refused)
    {
        refused = null;
        try
        {
            return Records(source, out context);
        }
        catch (ContextMissingException ex)
        {
            context = default;
            refused = ex;
            return false;
        }
    }

    /// <summary>The guard's answer when no segment is current: a joined trace, or the context-missing strategy.</summary>
    private bool NoSegment(IProviderConnectionSource source)
    {
        if (Options.JoinActivityTrace && System.Diagnostics.Activity.Current is not null)
            return true;
        ContextMissing(source.ProviderConnection);
        return false;
    }

    /// <summary>Begins the subsegment of a batch about to run: one subsegment whose query holds every command, one per line.</summary>
    /// <param name="connection">The provider's connection the batch runs on.</param>
    /// <param name="batch">The provider's batch.</param>
    /// <returns>The call to end; <see cref="SqlCall.IsRecording"/> is false when nothing is recorded.</returns>
    /// <exception cref="ContextMissingException">No segment is current and the strategy is <c>RUNTIME_ERROR</c>.</exception>
    public SqlCall BeginBatch(DbConnection connection, DbBatch batch)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(batch);
        return BeginBatch(connection, batch, new SqlCallContext(TraceContext.Current, SqlActivities.Source.HasListeners()));
    }

    /// <summary>Begins a batch's subsegment after <see cref="Records"/> said it is recorded.</summary>
    internal SqlCall BeginBatch(DbConnection connection, DbBatch batch, in SqlCallContext context)
    {
        var call = new SqlCallInfo(SqlOperation.Batch, connection, null, batch);
        if (!Admitted(context, call, out var parent))
            return default;

        var info = ConnectionInfo.For(connection);
        var text = new StringBuilder();
        var allProcedures = batch.BatchCommands.Count > 0;
        foreach (DbBatchCommand command in batch.BatchCommands)
        {
            if (text.Length > 0)
                text.Append(";\n");
            text.Append(command.CommandText);
            allProcedures &= command.CommandType == CommandType.StoredProcedure;
        }

        var size = batch.BatchCommands.Count;
        return Start(parent, info, call, Describe(text.ToString(), info, storedProcedure: false, size), allProcedures ? "call" : "statement", context.Listening, size);
    }

    /// <summary>
    /// Begins the subsegment of a connection-level operation: an open, or a transaction's commit, rollback or
    /// savepoint. The operation's fixed text (<c>COMMIT</c>…) is recorded as the query whatever the capture mode, as
    /// it holds no values. A successful open is recorded only with <see cref="TracedDbOptions.TraceConnectionOpen"/>;
    /// a failed one always, from the moment the open began. Transactions follow <see cref="TracedDbOptions.TraceTransactions"/>.
    /// </summary>
    /// <param name="connection">The provider's connection.</param>
    /// <param name="operation">Anything but <see cref="SqlOperation.Command"/> and <see cref="SqlOperation.Batch"/>.</param>
    /// <returns>The call to end; <see cref="SqlCall.IsRecording"/> is false when nothing is recorded.</returns>
    /// <exception cref="ContextMissingException">No segment is current and the strategy is <c>RUNTIME_ERROR</c>.</exception>
    public SqlCall BeginOperation(DbConnection connection, SqlOperation operation)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (operation is SqlOperation.Command or SqlOperation.Batch)
            throw new ArgumentOutOfRangeException(nameof(operation), operation, "Commands and batches begin with BeginCommand and BeginBatch.");

        if (operation == SqlOperation.Open && !Options.TraceConnectionOpen)
        {
            // Only a failure will be recorded; opens before any segment (start-up, migrations) are not context missing.
            var pending = Parent(connection, TraceContext.Current, contextMissing: false);
            return pending is null || !Included(new SqlCallInfo(operation, connection, null, null))
                ? default
                : new SqlCall(this, pending, connection, Clock.NowMicroseconds);
        }

        if (operation != SqlOperation.Open && !Options.TraceTransactions)
            return default;
        if (Parent(connection, TraceContext.Current, contextMissing: true) is not { } parent)
            return default;
        var call = new SqlCallInfo(operation, connection, null, null);
        if (!Included(call))
            return default;
        return Start(parent, ConnectionInfo.For(connection), call, CommandDescription.Fixed(OperationText(operation)), preparation: null, listening: false, batchSize: 0);
    }

    /// <summary>
    /// An <see cref="OperationCanceledException"/> anywhere in the chain, or a provider's own cancellation:
    /// PostgreSQL <c>57014 query_canceled</c>, MySQL error 1317 (query execution was interrupted).
    /// </summary>
    internal static bool IsCancellation(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is OperationCanceledException)
                return true;
            if (current is DbException)
            {
                // PostgreSQL's query_canceled; MySQL's "query execution was interrupted".
                var code = DbErrorCode.Of(current);
                return code.SqlState == "57014" || (code.Number == 1317 && IsMySql(current));
            }
        }

        return false;
    }

    internal void Succeed(Subsegment subsegment, DbConnection connection, long? rowsAffected, long? rowsRead)
    {
        if (rowsAffected is >= 0)
            subsegment.RowsAffected = rowsAffected.Value;
        if (rowsRead is >= 0)
            subsegment.RowsRead = rowsRead.Value;
        // Known only once a connection has been open: an open learns them for the subsegment that recorded it, in a
        // block of its own.
        if (subsegment.SqlBlock is { DatabaseVersion: null } && Describe(connection) is { } info && info.DatabaseVersion(connection) is { } version
            && subsegment.OwnSql() is { } sql)
        {
            sql.DatabaseVersion = version;
            sql.DatabaseType = info.DatabaseType;
        }

        subsegment.End();
    }

    /// <summary>
    /// Ends a call that threw. A failure is a remote fault with the exception in the <c>cause</c> and the provider's
    /// error code as annotations (<c>sql_state</c>, <c>error_code</c>); a cancellation is an error, not a fault. The
    /// sql block stays. Each message of the exception's chain is recorded as <see cref="TracedDbOptions.ErrorCapture"/>
    /// says. Never throws.
    /// </summary>
    internal void Fail(Subsegment subsegment, DbConnection connection, Exception exception)
    {
        try
        {
            var messages = Messages(connection);
            if (IsCancellation(exception))
            {
                subsegment.Error = true;
                subsegment.RecordException(exception, remote: true, markFault: false, messages);
            }
            else
            {
                subsegment.RecordException(exception, remote: IsDatabaseError(exception), markFault: true, messages);
                RecordErrorCode(subsegment, exception);
            }
        }
#pragma warning disable CA1031 // Recording a failure must never replace the provider's exception with one of ours.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
        finally
        {
            subsegment.End();
        }
    }

    /// <summary>Ends a call's Activity that threw, its message redacted as <see cref="TracedDbOptions.ErrorCapture"/> says.</summary>
    internal void FailActivity(System.Diagnostics.Activity activity, DbConnection connection, Exception exception)
    {
        Func<Exception, string?>? messages = NoMessage;
        try
        {
            messages = Messages(connection);
        }
#pragma warning disable CA1031 // Without a redactor the Activity records no message at all.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        SqlActivities.Fail(activity, exception, messages);
    }

    /// <summary>Records an open that failed and was not traced while it ran, from when it began.</summary>
    internal void FailPendingOpen(Entity parent, DbConnection connection, long startMicroseconds, Exception exception)
    {
        try
        {
            var info = Describe(connection);
            if (info is null || parent.StartChild(info.SubsegmentName, startMicroseconds) is not { } subsegment)
                return;
            Initialize(subsegment, info, connection, SqlOperation.Open, default, preparation: null);
            Fail(subsegment, connection, exception);
        }
#pragma warning disable CA1031 // As for any failure: the provider's exception must reach the caller as it is.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private static string? OperationText(SqlOperation operation) => operation switch
    {
        SqlOperation.Commit => "COMMIT",
        SqlOperation.Rollback => "ROLLBACK",
        SqlOperation.Savepoint => "SAVEPOINT",
        SqlOperation.RollbackToSavepoint => "ROLLBACK TO SAVEPOINT",
        SqlOperation.ReleaseSavepoint => "RELEASE SAVEPOINT",
        _ => null,
    };

    /// <summary>How each message of a failure's exception chain is recorded; null records the provider's own words.</summary>
    private Func<Exception, string?>? Messages(DbConnection connection) => Options.ErrorCapture switch
    {
        ErrorCapture.Full => null,
        ErrorCapture.None => NoMessage,
        _ => DbExceptionRedactor.For(Describe(connection)?.Dialect ?? SqlDialect.Generic),
    };

    private static string? NoMessage(Exception exception) => null;

    private static ConnectionInfo? Describe(DbConnection connection)
    {
        try
        {
            return ConnectionInfo.For(connection);
        }
#pragma warning disable CA1031 // Describing a connection records less rather than failing the call.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    /// <summary>Applies the context-missing strategy to a call on <paramref name="connection"/>, named only if the strategy needs it.</summary>
    private void ContextMissing(DbConnection? connection)
        => Recorder.ContextMissing(connection, static c => c is null ? UnnamedCall : Describe(c)?.SubsegmentName ?? UnnamedCall);

    /// <summary>The sampled entity a call goes under; null when nothing is recorded, after the context-missing strategy.</summary>
    private Entity? Parent(DbConnection connection, Entity? current, bool contextMissing)
    {
        if (!Recorder.IsEnabled)
            return null;
        var parent = current;
        if (parent is null && Options.JoinActivityTrace && System.Diagnostics.Activity.Current is { } activity)
        {
            // Another tracer's trace: joined when it is recorded; when it is not, nothing is missing, it is unsampled.
            return ActivityTrace.Join(Recorder, activity);
        }

        if (parent is null)
        {
            if (contextMissing)
                ContextMissing(connection);
            return null;
        }

        return parent.Sampled ? parent : null;
    }

    /// <summary>Begins a command's subsegment after <see cref="Records"/> said it is recorded.</summary>
    // Inlined into the wrapper's body, which the wrapper keeps out of its entry: a command's whole begin is one frame.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal SqlCall BeginCommand(DbConnection connection, DbCommand command, in SqlCallContext context)
    {
        var call = new SqlCallInfo(SqlOperation.Command, connection, command, null);
        if (!Admitted(context, call, out var parent))
            return default;
        var info = ConnectionInfo.For(connection);
        var procedure = command.CommandType == CommandType.StoredProcedure;
        return Start(parent, info, call, Describe(command.CommandText, info, procedure, 1), procedure ? "call" : "statement", context.Listening, 1);
    }

    /// <summary>
    /// Whether a command or batch is recorded, with the entity its subsegment goes under: not without a sampled parent
    /// unless something listens for its Activity, nor when the filter declines it.
    /// </summary>
    private bool Admitted(in SqlCallContext context, in SqlCallInfo call, out Entity? parent)
    {
        parent = Parent(call.Connection, context.Current, contextMissing: !context.Listening);
        return (parent is not null || context.Listening) && Included(call);
    }

    private SqlCall Start(Entity? parent, ConnectionInfo info, SqlCallInfo call, in CommandDescription command, string? preparation, bool listening, int batchSize)
    {
        var subsegment = parent?.StartChild(info.SubsegmentName);
        if (subsegment is not null)
        {
            Initialize(subsegment, info, call.Connection, call.Operation, command, preparation);
            if (Options.AnnotateQuerySummary && command.Summary is { } summary)
                subsegment.AddAnnotation("query_summary", summary);
            if (Options.Enrich is { } enrich)
                Enrich(enrich, subsegment, call);
        }

        var activity = listening ? SqlActivities.Start(info, command, batchSize) : null;
        if (activity is null && parent is null && Recorder.IsEnabled && TraceContext.Current is null)
        {
            // Nobody took the Activity after all, so the call went unrecorded for want of a segment.
            ContextMissing(call.Connection);
        }

        return subsegment is null && activity is null ? default : new SqlCall(this, subsegment, activity, call.Connection);
    }

    private static void Initialize(Subsegment subsegment, ConnectionInfo info, DbConnection connection, SqlOperation operation, in CommandDescription command, string? preparation)
    {
        // The block is shared by the data source's calls of the same query; reading the connection's details for it
        // reads the server's version first, which can refine the type (MariaDB behind a MySQL provider).
        subsegment.InitializeSql(info.SqlBlockFor(connection, command.Recorded, preparation, command.Summary), shared: true);
        if (operation == SqlOperation.Open)
            subsegment.AddMetadata("operation", "open", "sql");
    }

    /// <summary>
    /// One sanitizing pass over the text, summary included; the subsegment records what <see cref="QueryCapture"/>
    /// says, an Activity only ever the sanitized text. <see cref="QueryCapture.None"/> describes nothing.
    /// </summary>
    private CommandDescription Describe(string? commandText, ConnectionInfo info, bool storedProcedure, int batchSize)
    {
        if (string.IsNullOrEmpty(commandText) || Options.QueryCapture is not (QueryCapture.Sanitized or QueryCapture.Raw))
            return default;
        var query = SqlSanitizer.SanitizeWithSummary(commandText, info.Dialect, Options.SanitizerOptions);
        var recorded = Options.QueryCapture == QueryCapture.Raw ? commandText : query.Text;
        return CommandDescription.Of(recorded, query, commandText, storedProcedure, batchSize);
    }

    // Small enough to inline: a call without a filter pays one field check.
    private bool Included(in SqlCallInfo call) => Options.Filter is not { } filter || Included(filter, call);

    private bool Included(Func<SqlCallInfo, bool> filter, in SqlCallInfo call)
    {
        try
        {
            return filter(call);
        }
#pragma warning disable CA1031 // A user's hook must never fail the application's database call.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            HookFailed(nameof(TracedDbOptions.Filter), ex);
            return true;
        }
    }

    private void Enrich(Action<Subsegment, SqlCallInfo> enrich, Subsegment subsegment, SqlCallInfo call)
    {
        try
        {
            enrich(subsegment, call);
        }
#pragma warning disable CA1031 // A user's hook must never fail the application's database call.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            HookFailed(nameof(TracedDbOptions.Enrich), ex);
        }
    }

    private void HookFailed(string hook, Exception exception)
    {
        if (Options.FirstHookFailure())
            Recorder.Options.Logger?.LogError(exception, "TracedDbOptions.{Hook} threw; the database call went ahead as if the hook were not there. Further failures of these options' hooks are not logged.", hook);
    }

    private static void RecordErrorCode(Subsegment subsegment, Exception exception)
    {
        var code = DbErrorCode.Of(exception);
        if (code.SqlState is { } sqlState)
            subsegment.AddAnnotation("sql_state", sqlState);
        if (code.Number is { } number)
            subsegment.AddAnnotation("error_code", number);
    }

    private static bool IsDatabaseError(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is DbException)
                return true;
        }

        return false;
    }

    private static bool IsMySql(Exception exception)
        => exception.GetType().Namespace?.StartsWith("MySql", StringComparison.OrdinalIgnoreCase) == true;
}
