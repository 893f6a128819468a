using System.Data;
using System.Data.Common;

namespace XRay.Data;

/// <summary>
/// What a <see cref="TracedDbOptions.Filter"/> or <see cref="TracedDbOptions.Enrich"/> hook is told about a database
/// call: the provider's connection and, for a command or batch, the provider's own object.
/// </summary>
public readonly struct SqlCallInfo
{
    internal SqlCallInfo(SqlOperation operation, DbConnection connection, DbCommand? command, DbBatch? batch)
    {
        Operation = operation;
        Connection = connection;
        Command = command;
        Batch = batch;
    }

    /// <summary>What kind of call this is.</summary>
    public SqlOperation Operation { get; }

    /// <summary>The provider's connection the call runs on.</summary>
    public DbConnection Connection { get; }

    /// <summary>The provider's command, for <see cref="SqlOperation.Command"/>.</summary>
    public DbCommand? Command { get; }

    /// <summary>The provider's batch, for <see cref="SqlOperation.Batch"/>.</summary>
    public DbBatch? Batch { get; }

    /// <summary>The command's text as sent, for <see cref="SqlOperation.Command"/>; it may hold literal values.</summary>
    public string? CommandText => Command?.CommandText;

    /// <summary>Text, stored procedure or table, for <see cref="SqlOperation.Command"/>.</summary>
    public CommandType CommandType => Command?.CommandType ?? CommandType.Text;
}
