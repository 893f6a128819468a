using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using XRay.Data;

namespace XRay.EFCore;

/// <summary>
/// Records every command EF Core runs as an X-Ray <c>sql</c> subsegment under the segment or subsegment current
/// where the command starts. Added, with its connection and transaction companions, by <c>options.AddXRayInterceptor()</c>.
/// </summary>
/// <remarks>
/// <para>
/// A subsegment begins in the <c>Executing</c> hook, in the caller's async flow, and is paired with its end by the
/// <see cref="DbCommand"/> object, never by the current entity, so interleaved async flows and other interceptors
/// cannot mismatch them. A query's subsegment stays open while EF Core reads the rows and ends when EF Core closes
/// the reader. One instance serves any number of contexts, pooled or not, on any number of threads.
/// </para>
/// <para>
/// With no segment current the recorder's context-missing strategy applies, except that this interceptor never
/// throws into EF Core: EF Core also runs commands the application did not issue itself (migrations at start-up,
/// <c>EnsureCreated</c>, health checks), and those must not fail. Under <see cref="ContextMissingStrategy.RuntimeError"/>
/// every such command is logged as an error with its <see cref="ContextMissingException"/> and runs untraced;
/// <see cref="ContextMissingStrategy.LogError"/> logs once and <see cref="ContextMissingStrategy.IgnoreError"/> stays silent.
/// </para>
/// <para>
/// On a <see cref="TracedDbConnection"/> each command is recorded here, once, with the traced connection's recorder
/// and options, and EF Core reads the provider's own readers (EF Core providers cast them to their own types). Executions an earlier interceptor answered itself (its result is already set in
/// the <c>Executing</c> hook) are not database calls and are not recorded.
/// </para>
/// </remarks>
public sealed partial class XRayDbCommandInterceptor : DbCommandInterceptor
{
    /// <summary>The metadata namespace for what EF Core knows about a command.</summary>
    public const string MetadataNamespace = "EntityFrameworkCore";

    // Keyed by command object so that begin and end pair up whatever the current entity is. EF Core reuses a command
    // object for later executions, one at a time; an entry is removed when its execution ends, and dies with its
    // command if EF Core never reports the end (a reader abandoned without disposal), so nothing accumulates.
    // Shared by every instance, so a second registration on the same context finds the execution already traced.
    private static readonly ConditionalWeakTable<DbCommand, CommandTrace> InFlight = new();

    private readonly SqlRecorder? configured;

    /// <summary>Creates the interceptor.</summary>
    /// <param name="recorder">Where subsegments go; <see cref="XRayRecorder.Default"/> when null.</param>
    /// <param name="options">What is recorded; <see cref="TracedDbOptions.Default"/> when null. Frozen from now on.</param>
    public XRayDbCommandInterceptor(XRayRecorder? recorder = null, TracedDbOptions? options = null)
        : this(recorder is null && options is null ? null : new SqlRecorder(recorder, options))
    {
    }

    internal XRayDbCommandInterceptor(SqlRecorder? sqlRecorder) => configured = sqlRecorder;

    /// <summary>How commands are recorded when the context does not run on a <see cref="TracedDbConnection"/>.</summary>
    public SqlRecorder SqlRecorder => configured ?? SqlRecorder.Default;

    /// <summary>The instance behind <c>AddXRayInterceptor()</c> without arguments: nothing is allocated per context.</summary>
    internal static XRayDbCommandInterceptor Shared { get; } = new(sqlRecorder: null);

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

    private void Begin(DbCommand command, CommandEventData eventData)
    {
        var traced = command as TracedDbCommand;
        if (traced is { RecordedByCaller: false })
            return;
        var sql = traced?.SqlRecorder ?? SqlRecorder;
        // The cheap guard first: nothing is allocated when tracing is off or the trace is not sampled.
        if (!sql.MayRecord)
            return;
        if (InFlight.TryGetValue(command, out var open) && open.CommandId == eventData.CommandId)
            return;

        SqlCall call;
        try
        {
            var provider = traced?.InnerCommand ?? command;
            call = sql.BeginCommand(provider.Connection ?? eventData.Connection, provider);
        }
        catch (ContextMissingException exception)
        {
            sql.Recorder.Options.Logger?.LogError(exception, "EF Core command run untraced: {Message}", exception.Message);
            return;
        }

        if (call.Subsegment is not { } subsegment)
            return;
        if (eventData.Context is { } context)
            subsegment.AddMetadata("context", context.GetType().FullName, MetadataNamespace);
        subsegment.AddMetadata("command_source", SourceName(eventData.CommandSource), MetadataNamespace);
        InFlight.AddOrUpdate(command, new CommandTrace(call, eventData.CommandId, eventData.CommandSource));
    }

    private static void Succeed(DbCommand command, Guid commandId, long? rowsAffected = null, int? readCount = null)
    {
        if (Take(command, commandId) is { } trace)
            trace.Call.Succeed(rowsAffected, readCount is { } count ? RowsRead(trace.Source, count) : null);
    }

    private static void Fail(DbCommand command, Guid commandId, Exception exception)
    {
        if (Take(command, commandId) is { } trace)
            trace.Call.Fail(exception);
    }

    // EF Core reports a cancellation without its exception: the caller gave up, so it is an error, not a fault.
    private static void Cancel(DbCommand command, Guid commandId) => Take(command, commandId)?.Call.Cancel();

    /// <summary>Removes and returns the execution's trace; null when it is not traced or already ended.</summary>
    private static CommandTrace? Take(DbCommand command, Guid commandId)
        => InFlight.TryGetValue(command, out var trace) && trace.CommandId == commandId && InFlight.Remove(command) ? trace : null;

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
