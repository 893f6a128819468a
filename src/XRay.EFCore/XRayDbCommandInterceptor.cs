using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using XRay.Data;

namespace XRay.EFCore;

/// <summary>
/// Records every command EF Core runs as an X-Ray <c>sql</c> subsegment under the segment or subsegment current
/// where the command starts. Add it with <c>options.AddXRayInterceptor()</c>.
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
/// Commands run through a <see cref="TracedDbConnection"/> are left to it, so each command is recorded once; the
/// connection gives EF Core the provider's own reader, with or without this interceptor. Should a traced reader reach
/// EF Core anyway (an application that replaced EF Core's <c>DiagnosticSource</c>), this interceptor hands EF Core the
/// provider's reader and ends the subsegment itself when EF Core closes it.
/// Executions an earlier interceptor answered itself (its result is already set in the <c>Executing</c> hook) are
/// not database calls and are not recorded.
/// </para>
/// </remarks>
public sealed partial class XRayDbCommandInterceptor : DbCommandInterceptor
{
    /// <summary>The metadata namespace for what EF Core knows about a command.</summary>
    public const string MetadataNamespace = EntityFrameworkCoreObserver.MetadataNamespace;

    // Keyed by command object so that begin and end pair up whatever the current entity is. EF Core reuses a command
    // object for later executions, one at a time; an entry is removed when its execution ends, and dies with its
    // command if EF Core never reports the end (a reader abandoned without disposal), so nothing accumulates.
    // Shared by every instance, so a second registration on the same context finds the execution already traced.
    private static readonly ConditionalWeakTable<DbCommand, CommandTrace> InFlight = new();

    private readonly XRayRecorder? recorder;
    private readonly TracedDbOptions tracedOptions;

    /// <summary>Creates the interceptor.</summary>
    /// <param name="options">The recorder and query capture to use; the defaults when null.</param>
    public XRayDbCommandInterceptor(XRayInterceptorOptions? options = null)
    {
        recorder = options?.Recorder;
        tracedOptions = options is null
            ? TracedDbOptions.Default
            : new TracedDbOptions { QueryCapture = options.QueryCapture, KeepComments = options.KeepComments, ErrorCapture = options.ErrorCapture };
    }

    /// <summary>The recorder the subsegments go to.</summary>
    public XRayRecorder Recorder => recorder ?? XRayRecorder.Default;

    /// <summary>The instance behind <c>AddXRayInterceptor()</c> without options: nothing is allocated per context.</summary>
    internal static XRayDbCommandInterceptor Shared { get; } = new();

    private void Begin(DbCommand command, CommandEventData eventData)
    {
        if (command is TracedDbCommand || eventData.Connection is TracedDbConnection)
            return;
        var current = Recorder;
        // The cheap guards first: nothing is allocated when tracing is off or the trace is not sampled.
        if (!current.IsEnabled || current.CurrentEntity is { Sampled: false })
            return;
        if (InFlight.TryGetValue(command, out var open) && open.CommandId == eventData.CommandId)
            return;

        Subsegment? subsegment;
        try
        {
            subsegment = SqlCommandTracer.Begin(current, command.Connection ?? eventData.Connection, command.CommandText, command.CommandType, tracedOptions);
        }
        catch (ContextMissingException exception)
        {
            current.Options.Logger?.LogError(exception, "EF Core command run untraced: {Message}", exception.Message);
            return;
        }

        if (subsegment is not null)
            Track(command, eventData, subsegment);
    }

    /// <summary>
    /// Takes over the subsegment of a traced reader EF Core would otherwise get, and returns the provider's reader
    /// that EF Core reads itself; the subsegment ends when EF Core closes that reader, like any other query's.
    /// </summary>
    private static DbDataReader Unwrap(DbCommand command, CommandExecutedEventData eventData, TracedDbDataReader reader)
    {
        if (reader.DetachSubsegment() is { } subsegment)
            Track(command, eventData, subsegment);

        return reader.InnerReader;
    }

    private static void Track(DbCommand command, CommandEventData eventData, Subsegment subsegment)
    {
        if (eventData.Context is { } context)
            subsegment.AddMetadata("context", context.GetType().FullName, MetadataNamespace);
        subsegment.AddMetadata("command_source", SourceName(eventData.CommandSource), MetadataNamespace);
        InFlight.AddOrUpdate(command, new CommandTrace(subsegment, eventData.CommandId, eventData.CommandSource));
    }

    private static void Succeed(DbCommand command, Guid commandId, long? rowsAffected = null)
    {
        if (Take(command, commandId) is { } trace)
            SqlCommandTracer.Succeed(trace.Subsegment, rowsAffected);
    }

    private void Fail(DbCommand command, Guid commandId, Exception exception)
    {
        if (Take(command, commandId) is { } trace)
            SqlCommandTracer.Fail(trace.Subsegment, exception, tracedOptions);
    }

    private static void Cancel(DbCommand command, Guid commandId)
    {
        // EF Core reports a cancellation without its exception: the caller gave up, so it is an error, not a fault.
        if (Take(command, commandId) is { } trace)
        {
            trace.Subsegment.Error = true;
            trace.Subsegment.End();
        }
    }

    private static void CloseReader(DbCommand command, DataReaderEventData eventData)
    {
        if (Take(command, eventData.CommandId) is { } trace)
            SqlCommandTracer.Succeed(trace.Subsegment, RowsAffected(eventData.RecordsAffected), RowsRead(trace.Source, eventData.ReadCount));
    }

    /// <summary>Removes and returns the execution's trace; null when it is not traced or already ended.</summary>
    private static CommandTrace? Take(DbCommand command, Guid commandId)
        => InFlight.TryGetValue(command, out var trace) && trace.CommandId == commandId && InFlight.Remove(command) ? trace : null;

    private static long? RowsAffected(int recordsAffected) => recordsAffected >= 0 ? recordsAffected : null;

    /// <inheritdoc cref="EntityFrameworkCoreObserver.RowsRead(bool, int)"/>
    private static long? RowsRead(CommandSource source, int readCount)
        => EntityFrameworkCoreObserver.RowsRead(source == CommandSource.SaveChanges, readCount);

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
