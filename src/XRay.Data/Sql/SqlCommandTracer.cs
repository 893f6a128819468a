using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Reflection;

namespace XRay.Data;

/// <summary>
/// Begins and ends the <c>sql</c> subsegment of one command execution; shared by the ADO.NET decorators and the
/// EF Core interceptor so both record exactly the same fields. Begin and end are paired per execution, never through
/// the ambient current entity, so interleaved commands cannot end each other's subsegments.
/// </summary>
internal static class SqlCommandTracer
{
    private const string UnnamedCommand = "sql";

    private static readonly ConcurrentDictionary<Type, PropertyInfo?> NumberProperties = new();

    /// <summary>
    /// False when nothing at all is to be done for a command (tracing disabled, or an unsampled trace): callers may
    /// skip reading the command's text and connection. True when <see cref="Begin"/> must run, which includes
    /// applying the context-missing strategy when there is no segment.
    /// </summary>
    public static bool MustBegin(XRayRecorder recorder) => recorder.IsEnabled && TraceContext.Current is not { Sampled: false };

    /// <summary>
    /// Starts the subsegment of a command about to run, under the current entity. Null when nothing is recorded:
    /// tracing disabled, an unsampled trace, or no segment (after the context-missing strategy, which may throw
    /// <see cref="ContextMissingException"/> under <c>RUNTIME_ERROR</c>, before the command runs).
    /// </summary>
    /// <param name="recorder">The recorder whose options apply.</param>
    /// <param name="providerConnection">The provider's own connection (not a traced wrapper).</param>
    /// <param name="commandText">The command text as the provider will receive it.</param>
    /// <param name="commandType">Text, stored procedure or table.</param>
    /// <param name="options">What to record of the query.</param>
    public static Subsegment? Begin(XRayRecorder recorder, DbConnection providerConnection, string? commandText, CommandType commandType, TracedDbOptions options)
    {
        var subsegment = Start(recorder, providerConnection, out var info);
        if (subsegment is null)
            return null;
        subsegment.InitializeSql(Describe(info, providerConnection, Query(commandText, info, options), commandType == CommandType.StoredProcedure ? "call" : "statement"));
        return subsegment;
    }

    /// <summary>
    /// Starts the subsegment of a connection-level operation such as <c>COMMIT</c> or <c>ROLLBACK</c>: the
    /// operation's fixed text is recorded as the query whatever the capture mode, as it holds no values.
    /// </summary>
    public static Subsegment? BeginOperation(XRayRecorder recorder, DbConnection providerConnection, string? operation)
    {
        var subsegment = Start(recorder, providerConnection, out var info);
        if (subsegment is null)
            return null;
        subsegment.InitializeSql(Describe(info, providerConnection, operation, preparation: null));
        return subsegment;
    }

    /// <summary>Ends the subsegment of a command that completed; records rows as metadata when known.</summary>
    /// <param name="subsegment">What <see cref="Begin"/> returned.</param>
    /// <param name="rowsAffected">Rows inserted, updated or deleted, when the provider reports them (not -1).</param>
    /// <param name="rowsRead">Rows read from a data reader.</param>
    public static void Succeed(Subsegment subsegment, long? rowsAffected = null, long? rowsRead = null)
    {
        if (subsegment.Sql is { } sql)
        {
            if (rowsAffected is >= 0)
                sql.RowsAffected = rowsAffected.Value;
            if (rowsRead is >= 0)
                sql.RowsRead = rowsRead.Value;
        }

        subsegment.End();
    }

    /// <summary>
    /// Ends the subsegment of a command that threw. A failure is a remote fault with the exception in the
    /// <c>cause</c> and the provider's error code as annotations (<c>sql_state</c>, <c>error_code</c>); a
    /// cancellation is an error, not a fault. The sql block stays. Never throws.
    /// </summary>
    public static void Fail(Subsegment subsegment, Exception exception)
    {
        try
        {
            if (IsCancellation(exception))
            {
                subsegment.Error = true;
                subsegment.RecordException(exception, remote: true, markFault: false);
            }
            else
            {
                subsegment.RecordException(exception, remote: FindDbException(exception) is not null, markFault: true);
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
            if (current is DbException db && (db.SqlState == "57014" || (IsMySql(db) && ErrorNumber(db) == 1317)))
                return true;
        }

        return false;
    }

    private static Subsegment? Start(XRayRecorder recorder, DbConnection providerConnection, out ConnectionInfo info)
    {
        // The cheap guard first: nothing is looked up or allocated unless the command will be recorded.
        info = null!;
        if (!recorder.IsEnabled)
            return null;
        var parent = TraceContext.Current;
        if (parent is null)
        {
            ApplyContextMissing(recorder, providerConnection);
            return null;
        }

        if (!parent.Sampled)
            return null;

        info = ConnectionInfo.For(providerConnection);
        return parent.StartChild(info.SubsegmentName);
    }

    /// <summary>
    /// Applies the context-missing strategy for a command run with no segment current; cheap after the first
    /// occurrence under <c>LOG_ERROR</c>. May throw <see cref="ContextMissingException"/> under <c>RUNTIME_ERROR</c>.
    /// </summary>
    public static void ApplyContextMissing(XRayRecorder recorder, DbConnection? providerConnection)
    {
        switch (recorder.Options.ContextMissing)
        {
            case ContextMissingStrategy.IgnoreError:
                return;
            case ContextMissingStrategy.LogError when recorder.ContextMissingCount > 0:
                // Only the first occurrence is logged, so later ones are counted without looking the name up.
                recorder.ContextMissing(UnnamedCommand);
                return;
            default:
                recorder.ContextMissing(providerConnection is null ? UnnamedCommand : ConnectionInfo.For(providerConnection).SubsegmentName);
                return;
        }
    }

    private static SqlData Describe(ConnectionInfo info, DbConnection providerConnection, string? query, string? preparation) => new()
    {
        Url = info.Url,
        ConnectionString = info.ConnectionString,
        DatabaseType = info.DatabaseType,
        DatabaseVersion = info.DatabaseVersion(providerConnection),
        DriverVersion = info.DriverVersion,
        User = info.User,
        Preparation = preparation,
        SanitizedQuery = query,
    };

    private static string? Query(string? commandText, ConnectionInfo info, TracedDbOptions options)
    {
        if (string.IsNullOrEmpty(commandText))
            return null;
        return options.QueryCapture switch
        {
            QueryCapture.Sanitized => SqlSanitizer.Sanitize(commandText, info.Dialect, options.SanitizerOptions),
            QueryCapture.Raw => commandText,
            _ => null,
        };
    }

    private static void RecordErrorCode(Subsegment subsegment, Exception exception)
    {
        if (FindDbException(exception) is not { } db)
            return;
        if (!string.IsNullOrEmpty(db.SqlState))
            subsegment.AddAnnotation("sql_state", db.SqlState);
        if (ErrorNumber(db) is { } number)
            subsegment.AddAnnotation("error_code", number);
    }

    private static DbException? FindDbException(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is DbException db)
                return db;
        }

        return null;
    }

    private static bool IsMySql(DbException exception)
        => exception.GetType().Namespace?.StartsWith("MySql", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>The provider's numeric error code (SQL Server's and MySQL's <c>Number</c>), when it has one.</summary>
    private static long? ErrorNumber(DbException exception)
    {
        var property = NumberProperties.GetOrAdd(exception.GetType(), static type =>
        {
            var number = type.GetProperty("Number", BindingFlags.Public | BindingFlags.Instance);
            return number is not null && number.GetIndexParameters().Length == 0
                && (number.PropertyType == typeof(int) || number.PropertyType == typeof(long) || number.PropertyType == typeof(short))
                ? number
                : null;
        });
        return property?.GetValue(exception) switch
        {
            int i => i,
            long l => l,
            short s => s,
            _ => null,
        };
    }
}
