using System.Data.Common;

namespace XRay.Data;

public static partial class DbExceptionRedactor
{
    /// <summary>
    /// MySQL and MariaDB: a <c>SIGNAL</c> (error 1644, SQLSTATE class 45, or a server error number whose wording the
    /// text does not have, as <c>SIGNAL … SET MYSQL_ERRNO</c> borrows numbers) is the application's text, replaced whole.
    /// </summary>
    private static string RedactMySql(DbException exception, string message)
    {
        var number = Number(exception, "Number");
        if (number == 1644 || exception.SqlState?.StartsWith("45", StringComparison.Ordinal) == true
            || (MySqlWording(number) is { } wording && !wording.Any(w => message.StartsWith(w, StringComparison.Ordinal))))
            return "?";
        return ErrorMessageGrammar.MySql.Redact(message);
    }

    /// <summary>How the server's own message begins for the errors that quote values or names; null for others.</summary>
    private static string[]? MySqlWording(long? number) => number switch
    {
        1062 or 1586 => ["Duplicate entry '"],
        1048 => ["Column '"],
        1054 => ["Unknown column '"],
        1064 => ["You have an error in your SQL syntax"],
        1146 => ["Table '"],
        1264 => ["Out of range value for column "],
        1265 => ["Data truncated for column "],
        1292 => ["Incorrect ", "Truncated incorrect "],
        1366 => ["Incorrect "],
        1406 => ["Data too long for column "],
        1451 => ["Cannot delete or update a parent row"],
        1452 => ["Cannot add or update a child row"],
        3819 => ["Check constraint "],
        4025 => ["CONSTRAINT "],
        _ => null,
    };
}
