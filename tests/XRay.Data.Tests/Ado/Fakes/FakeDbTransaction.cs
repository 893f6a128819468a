using System.Data;
using System.Data.Common;

namespace XRay.Data.Tests.Ado.Fakes;

/// <summary>A transaction that only remembers how it ended.</summary>
public sealed class FakeDbTransaction(FakeDbConnection connection, IsolationLevel isolationLevel) : DbTransaction
{
    /// <summary>"commit", "rollback" or null.</summary>
    public string? Outcome { get; private set; }

    /// <inheritdoc />
    public override IsolationLevel IsolationLevel => isolationLevel;

    /// <inheritdoc />
    protected override DbConnection DbConnection => connection;

    /// <inheritdoc />
    public override void Commit() => Outcome = "commit";

    /// <inheritdoc />
    public override void Rollback() => Outcome = "rollback";
}
