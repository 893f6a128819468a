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
                if (Text(error, "Message") is not { } text || IsSqlServerApplicationError(Number(error, "Number")))
                    output.Append('?');
                else
                    ErrorMessageGrammar.SqlServer.Redact(text, 0, text.Length, text.Length, output);
            }

            if (output is not null)
                return output.ToString();
        }

        return IsSqlServerApplicationError(Number(exception, "Number")) ? "?" : ErrorMessageGrammar.SqlServer.Redact(message);
    }

    /// <summary><c>PRINT</c> and informational messages (0); <c>RAISERROR</c> with text, <c>THROW</c> and user-defined messages (50000 and up).</summary>
    private static bool IsSqlServerApplicationError(long? number) => number is 0 or >= 50000;
}
