using System.Collections;
using System.Data.Common;
using System.Text;

namespace XRay.Data;

public static partial class DbExceptionRedactor
{
    /// <summary>
    /// SQL Server joins the messages of a batch's errors, <c>PRINT</c> output among them, one a line: each error is
    /// redacted on its own, and one the application raised (number 0 or from 50000 on) is replaced whole.
    /// </summary>
    private static string RedactSqlServer(DbException exception, string message)
    {
        if (Property(exception, "Errors") is IEnumerable errors and not string)
        {
            StringBuilder? output = null;
            foreach (var error in errors)
            {
                if (error is null)
                    continue;
                output = output is null ? new StringBuilder(message.Length) : output.Append(Environment.NewLine);
                if (Text(error, "Message") is not { } text || IsSqlServerApplicationError(Number(error, "Number"), Number(error, "Class")))
                    output.Append('?');
                else
                    ErrorMessageGrammar.SqlServer.Redact(text, 0, text.Length, text.Length, output);
            }

            if (output is not null)
                return output.ToString();
        }

        return IsSqlServerApplicationError(Number(exception, "Number"), Number(exception, "Class")) ? "?" : ErrorMessageGrammar.SqlServer.Redact(message);
    }

    /// <summary>
    /// <c>PRINT</c> and informational messages (number 0, severity up to 10); <c>RAISERROR</c> with text, <c>THROW</c> and
    /// user-defined messages (50000 and up). SqlClient numbers its own errors (a connection that fails) 0 too, with a
    /// severity of 20: that text is the client's, and stays readable.
    /// </summary>
    private static bool IsSqlServerApplicationError(long? number, long? severity) => number >= 50000 || (number == 0 && severity is null or <= 10);
}
