#pragma warning disable IDE0130 // The namespace and type name are those of the real provider, which is recognised by them.
namespace Microsoft.Data.SqlClient;
#pragma warning restore IDE0130

/// <summary>Stands in for one of Microsoft.Data.SqlClient's errors: its number and its message from <c>sys.messages</c>.</summary>
public sealed class SqlError(int number, string message)
{
    /// <summary>The error number.</summary>
    public int Number { get; } = number;

    /// <summary>The message.</summary>
    public string Message { get; } = message;
}
