using System.Reflection;
using Microsoft.Data.SqlClient;

namespace XRay.Data.Tests.Providers;

/// <summary>
/// Real <see cref="SqlException"/> objects with the numbers and messages SQL Server sends. There is no SQL Server here,
/// and without one SqlClient's failure paths give only its own network errors, so these are built by SqlClient's own
/// factory (its internal <c>SqlException.CreateException</c> over <c>SqlError</c>s, as its TDS parser builds them),
/// reached by reflection: the exception, its <c>Errors</c> and its message are SqlClient's own.
/// </summary>
internal static class SqlServerErrors
{
    private const BindingFlags Internal = BindingFlags.NonPublic | BindingFlags.Instance;

    /// <summary>The exception SqlClient raises for one batch that returned these errors, in order.</summary>
    public static SqlException Of(params (int Number, string Message)[] errors) => Of(severity: null, errors);

    /// <summary>
    /// As <see cref="Of(ValueTuple{int, string}[])"/>, every error of <paramref name="severity"/>: number 0 with severity 20
    /// is how SqlClient numbers the errors it raises itself.
    /// </summary>
    public static SqlException Of(byte? severity, params (int Number, string Message)[] errors)
    {
        var collection = (SqlErrorCollection)typeof(SqlErrorCollection).GetConstructor(Internal, Type.EmptyTypes)!.Invoke(null);
        var add = typeof(SqlErrorCollection).GetMethod("Add", Internal, [typeof(SqlError)])!;
        var errorConstructor = typeof(SqlError).GetConstructor(
            Internal,
            [typeof(int), typeof(byte), typeof(byte), typeof(string), typeof(string), typeof(string), typeof(int), typeof(Exception)])!;
        foreach (var (number, message) in errors)
        {
            // Severity 16 (a user error) for errors, 0 for PRINT's informational messages, as the server sends them.
            var errorClass = severity ?? (byte)(number == 0 ? 0 : 16);
            add.Invoke(collection, [errorConstructor.Invoke([number, (byte)1, errorClass, "sql.internal", message, string.Empty, 1, null])]);
        }

        var create = typeof(SqlException).GetMethod(
            "CreateException",
            BindingFlags.NonPublic | BindingFlags.Static,
            [typeof(SqlErrorCollection), typeof(string)])!;
        return (SqlException)create.Invoke(null, [collection, "16.00.1000"])!;
    }
}
