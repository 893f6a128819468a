using System.Collections.Concurrent;
using System.Data.Common;
using System.Reflection;

namespace XRay.Data;

/// <summary>
/// The message to record for an exception raised on the way to a database, without the values the database quoted in
/// it. Databases quote the value they fail on (<c>22P02: invalid input syntax for type integer: "…"</c>,
/// <c>Duplicate entry '…' for key 'email'</c>), parameters included, so a value that never appeared in the query text
/// would otherwise reach X-Ray through the <c>cause</c>.
/// </summary>
/// <remarks>
/// <para>
/// For a <see cref="DbException"/> the provider is told by the exception's type (Npgsql, Microsoft.Data.SqlClient and
/// System.Data.SqlClient, MySqlConnector and MySql.Data, Microsoft.Data.Sqlite and System.Data.SQLite), else by the
/// dialect given. In that engine's message grammar every quoted value and every list of values becomes <c>?</c>, while
/// error codes, SQLSTATE, wording and the names the grammar quotes as names stay (<c>constraint "users_email_key"</c>
/// in a PostgreSQL integrity violation, <c>for key 'email'</c> in MySQL, <c>object 'dbo.Users'</c> in SQL Server). Text that
/// the application's own SQL raised (PostgreSQL <c>RAISE</c> and <c>ASSERT</c>, SQL Server <c>RAISERROR</c>,
/// <c>THROW</c> and <c>PRINT</c>, MySQL <c>SIGNAL</c>, SQLite <c>RAISE()</c>) is the application's words and is
/// replaced whole. Any other exception, or an unknown provider, has every quoted span of any kind replaced.
/// </para>
/// <para>Runs in time linear in the message's length and never throws: a failure gives null, that is no message.</para>
/// </remarks>
public static partial class DbExceptionRedactor
{
    private static readonly ConcurrentDictionary<(Type Type, string Name), PropertyInfo?> Properties = new();
    private static readonly Func<Exception, string?> GenericMessages = static e => Redact(e, SqlDialect.Generic);
    private static readonly Func<Exception, string?> PostgreSqlMessages = static e => Redact(e, SqlDialect.PostgreSql);
    private static readonly Func<Exception, string?> SqlServerMessages = static e => Redact(e, SqlDialect.SqlServer);
    private static readonly Func<Exception, string?> MySqlMessages = static e => Redact(e, SqlDialect.MySql);

    /// <summary>The message of <paramref name="exception"/> without the values it quotes; null when it cannot be told.</summary>
    /// <param name="exception">One exception; its inner exceptions are not read.</param>
    public static string? Redact(Exception exception) => Redact(exception, SqlDialect.Generic);

    /// <summary>The message of <paramref name="exception"/> without the values it quotes; null when it cannot be told.</summary>
    /// <param name="exception">One exception; its inner exceptions are not read.</param>
    /// <param name="dialect">
    /// The dialect of the connection the exception came from, for a database exception whose type names no known provider.
    /// </param>
    public static string? Redact(Exception exception, SqlDialect dialect)
    {
        try
        {
            var message = exception?.Message;
            if (string.IsNullOrEmpty(message))
                return message;
            if (exception is not DbException db)
                return ErrorMessageGrammar.Unknown.Redact(message);

            var ns = db.GetType().Namespace ?? string.Empty;
            if (ns.StartsWith("Npgsql", StringComparison.Ordinal))
                return RedactPostgreSql(db, message);
            if (ns is "Microsoft.Data.SqlClient" or "System.Data.SqlClient")
                return RedactSqlServer(db, message);
            if (ns.StartsWith("MySql", StringComparison.OrdinalIgnoreCase))
                return RedactMySql(db, message);
            if (ns.Contains("Sqlite", StringComparison.OrdinalIgnoreCase))
                return RedactSqlite(db, message);
            return dialect switch
            {
                SqlDialect.PostgreSql => RedactPostgreSql(db, message),
                SqlDialect.SqlServer => RedactSqlServer(db, message),
                SqlDialect.MySql => RedactMySql(db, message),
                _ => ErrorMessageGrammar.Unknown.Redact(message),
            };
        }
#pragma warning disable CA1031 // A message that cannot be redacted is not recorded; the failure it describes goes on unchanged.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    /// <summary>A shared selector that redacts each message of a chain for a connection of <paramref name="dialect"/>.</summary>
    internal static Func<Exception, string?> For(SqlDialect dialect) => dialect switch
    {
        SqlDialect.PostgreSql => PostgreSqlMessages,
        SqlDialect.SqlServer => SqlServerMessages,
        SqlDialect.MySql => MySqlMessages,
        _ => GenericMessages,
    };

    /// <summary>A public property of a provider's exception or error, read by name: the providers are not referenced.</summary>
    private static object? Property(object target, string name)
    {
        var property = Properties.GetOrAdd((target.GetType(), name), static key =>
            key.Type.GetProperty(key.Name, BindingFlags.Public | BindingFlags.Instance) is { } found && found.GetIndexParameters().Length == 0
                ? found
                : null);
        return property?.GetValue(target);
    }

    private static string? Text(object target, string name) => Property(target, name) as string;

    private static long? Number(object target, string name) => Property(target, name) switch
    {
        int i => i,
        long l => l,
        short s => s,
        byte b => b,
        Enum e => Convert.ToInt64(e, System.Globalization.CultureInfo.InvariantCulture),
        _ => null,
    };
}
