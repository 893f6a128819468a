using System.Data.Common;

namespace XRay.Data.Tests.Ado.Fakes;

/// <summary>A provider error with a SQLSTATE and a SQL-Server-style error number.</summary>
public sealed class FakeDbException(string message, string? sqlState, int number) : DbException(message)
{
    /// <inheritdoc />
    public override string? SqlState => sqlState;

    /// <summary>The provider's error number.</summary>
    public int Number => number;
}
