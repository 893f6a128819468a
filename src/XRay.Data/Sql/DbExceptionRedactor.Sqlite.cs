using System.Data.Common;
using System.Globalization;
using System.Text;

namespace XRay.Data;

public static partial class DbExceptionRedactor
{
    private const string SqliteErrorPrefix = "SQLite Error ";
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintTrigger = 1811;

    /// <summary>
    /// SQLite's message inside the provider's frame: <c>SQLite Error 19: '…'.</c> (Microsoft.Data.Sqlite) or the
    /// result code's description on a first line (System.Data.SQLite). A trigger's <c>RAISE()</c>, and any constraint
    /// failure without SQLite's own wording, is the application's text and is replaced whole.
    /// </summary>
    private static string RedactSqlite(DbException exception, string message)
    {
        var (start, end, framed, frameCode) = SqliteMessageBounds(exception, message);
        var extended = Number(exception, "SqliteExtendedErrorCode") ?? Number(exception, "ResultCode");
        var primary = Number(exception, "SqliteErrorCode") ?? extended ?? frameCode;
        var applicationText = extended == SqliteConstraintTrigger
            || ((primary & 0xFF) == SqliteConstraint && !IsSqliteConstraintWording(message.AsSpan(start, end - start)));

        var output = new StringBuilder(message.Length);
        if (framed)
            output.Append(message, 0, start);
        else
            ErrorMessageGrammar.Sqlite.Redact(message, 0, start, start, output);
        if (applicationText)
            output.Append('?');
        else
            ErrorMessageGrammar.Sqlite.Redact(message, start, end, end, output);
        output.Append(message, end, message.Length - end);
        return output.ToString();
    }

    /// <summary>
    /// Where SQLite's own message lies inside the provider's; framed when the provider's text around it is fixed
    /// (Microsoft.Data.Sqlite's), with the result code the frame names.
    /// </summary>
    private static (int Start, int End, bool Framed, long? Code) SqliteMessageBounds(DbException exception, string message)
    {
        if (message.StartsWith(SqliteErrorPrefix, StringComparison.Ordinal) && message.EndsWith("'.", StringComparison.Ordinal))
        {
            var colon = message.IndexOf(": '", SqliteErrorPrefix.Length, StringComparison.Ordinal);
            if (colon > SqliteErrorPrefix.Length && colon + 3 <= message.Length - 2
                && long.TryParse(message.AsSpan(SqliteErrorPrefix.Length, colon - SqliteErrorPrefix.Length), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code))
                return (colon + 3, message.Length - 2, true, code);
        }

        if (exception.GetType().Namespace == "System.Data.SQLite" && message.IndexOf('\n', StringComparison.Ordinal) is var line and >= 0)
            return (line + 1, message.Length, false, null);
        return (0, message.Length, false, null);
    }

    /// <summary>The wording SQLite itself gives a constraint failure (result code 19).</summary>
    private static bool IsSqliteConstraintWording(ReadOnlySpan<char> text)
        => text.StartsWith("UNIQUE constraint failed: ", StringComparison.Ordinal)
            || text.StartsWith("NOT NULL constraint failed: ", StringComparison.Ordinal)
            || text.StartsWith("CHECK constraint failed: ", StringComparison.Ordinal)
            || text.StartsWith("FOREIGN KEY constraint failed", StringComparison.Ordinal)
            || text.StartsWith("PRIMARY KEY must be unique", StringComparison.Ordinal)
            || text.StartsWith("cannot store ", StringComparison.Ordinal)
            || text.SequenceEqual("constraint failed");
}
