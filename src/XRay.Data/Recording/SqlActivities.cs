using System.Diagnostics;
using System.Globalization;

namespace XRay.Data;

/// <summary>
/// The OpenTelemetry side of a recorded call: a client <see cref="Activity"/> from the <c>XRay.Data</c> source with
/// the stable database conventions, carrying the same safe data as the subsegment — sanitized text, the summary,
/// the redacted error message — and never a literal, a parameter value or a secret.
/// </summary>
internal static class SqlActivities
{
    /// <summary>The name to listen to: <c>AddSource("XRay.Data")</c>.</summary>
    public const string SourceName = "XRay.Data";

    /// <summary>The source every command's Activity comes from.</summary>
    public static readonly ActivitySource Source = new(SourceName, typeof(SqlActivities).Assembly.GetName().Version?.ToString(3));

    /// <summary>Starts the Activity of a call; null when no listener wants it. Leaves <see cref="Activity.Current"/> as it was.</summary>
    public static Activity? Start(ConnectionInfo info, in CommandDescription command, int batchSize)
    {
        var system = SystemName(info.DatabaseType);
        var previous = Activity.Current;
        var activity = Source.StartActivity(command.Summary ?? command.Operation ?? system, ActivityKind.Client);
        if (activity is null)
            return null;

        // A leaf: the application's own work while a reader is open is not a child of the command.
        Activity.Current = previous;
        if (!activity.IsAllDataRequested)
            return activity;

        var endpoint = info.Endpoint;
        activity.SetTag("db.system.name", system);
        SetIfKnown(activity, "db.namespace", endpoint.Database);
        SetIfKnown(activity, "db.query.text", command.Sanitized);
        SetIfKnown(activity, "db.query.summary", command.Summary);
        SetIfKnown(activity, "db.operation.name", command.Operation);
        SetIfKnown(activity, "db.collection.name", command.Collection);
        SetIfKnown(activity, "db.stored_procedure.name", command.StoredProcedure);
        if (batchSize >= 2)
            activity.SetTag("db.operation.batch.size", batchSize);
        SetIfKnown(activity, "server.address", endpoint.Address);
        if (endpoint.Port is { } port)
            activity.SetTag("server.port", port);
        return activity;
    }

    /// <summary>Ends the Activity of a call that completed.</summary>
    public static void Succeed(Activity activity, long? rowsRead)
    {
        if (rowsRead is >= 0 && activity.IsAllDataRequested)
            activity.SetTag("db.response.returned_rows", rowsRead.Value);
        Stop(activity);
    }

    /// <summary>
    /// Ends the Activity of a call that threw: status Error described by <paramref name="messages"/> (the same
    /// redaction as the subsegment; null means the provider's own words, as the user chose), <c>error.type</c> and
    /// <c>db.response.status_code</c> from the provider's code. Never throws.
    /// </summary>
    public static void Fail(Activity activity, Exception exception, Func<Exception, string?>? messages)
    {
        try
        {
            var code = DbErrorCode.Of(exception);
            var status = code.SqlState ?? code.Number?.ToString(CultureInfo.InvariantCulture);
            if (status is not null)
                activity.SetTag("db.response.status_code", status);
            activity.SetTag("error.type", status ?? exception.GetType().FullName);
            activity.SetStatus(ActivityStatusCode.Error, messages is null ? exception.Message : messages(exception));
        }
#pragma warning disable CA1031 // Describing a failure must never replace the provider's exception with one of ours.
        catch (Exception)
#pragma warning restore CA1031
        {
            activity.SetStatus(ActivityStatusCode.Error);
        }
        finally
        {
            Stop(activity);
        }
    }

    /// <summary>Ends the Activity of a call the caller gave up on.</summary>
    public static void Cancel(Activity activity)
    {
        activity.SetTag("error.type", typeof(OperationCanceledException).FullName);
        activity.SetStatus(ActivityStatusCode.Error);
        Stop(activity);
    }

    /// <summary>The conventions' <c>db.system.name</c> for a <c>database_type</c>.</summary>
    public static string SystemName(string databaseType) => databaseType switch
    {
        "PostgreSQL" => "postgresql",
        "Microsoft SQL Server" => "microsoft.sql_server",
        ProviderDescription.MySqlType => "mysql",
        ProviderDescription.MariaDbType => "mariadb",
        "SQLite" => "sqlite",
        "Oracle" => "oracle.db",
        _ => "other_sql",
    };

    private static void SetIfKnown(Activity activity, string name, string? value)
    {
        if (value is not null)
            activity.SetTag(name, value);
    }

    // Stopping restores the Activity that was current when this one started; whatever is current now stays.
    private static void Stop(Activity activity)
    {
        var current = Activity.Current;
        activity.Stop();
        if (Activity.Current != current)
            Activity.Current = current;
    }
}
