namespace XRay.Data;

/// <summary>The kind of database call a <c>sql</c> subsegment records.</summary>
public enum SqlOperation
{
    /// <summary>A command: <see cref="System.Data.Common.DbCommand"/>, also one run by EF Core.</summary>
    Command,

    /// <summary>A <see cref="System.Data.Common.DbBatch"/> of commands sent together.</summary>
    Batch,

    /// <summary>Opening a connection.</summary>
    Open,

    /// <summary><c>COMMIT</c> of a transaction.</summary>
    Commit,

    /// <summary><c>ROLLBACK</c> of a transaction.</summary>
    Rollback,

    /// <summary>Creating a savepoint (<c>SAVEPOINT</c>).</summary>
    Savepoint,

    /// <summary>Rolling back to a savepoint (<c>ROLLBACK TO SAVEPOINT</c>).</summary>
    RollbackToSavepoint,

    /// <summary>Releasing a savepoint (<c>RELEASE SAVEPOINT</c>).</summary>
    ReleaseSavepoint,
}
