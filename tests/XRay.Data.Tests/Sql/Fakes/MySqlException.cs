using System.Data.Common;

#pragma warning disable IDE0130 // The namespace and type name are those of the real provider, which is recognised by them.
namespace MySqlConnector;
#pragma warning restore IDE0130

/// <summary>Stands in for MySqlConnector's exception, whose constructors are not public: the server's number, SQLSTATE and message.</summary>
public sealed class MySqlException(int number, string sqlState, string message) : DbException(message)
{
    /// <summary>The server's error number.</summary>
    public int Number { get; } = number;

    /// <inheritdoc />
    public override string SqlState { get; } = sqlState;
}
