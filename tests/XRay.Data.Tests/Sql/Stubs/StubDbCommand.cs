using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace XRay.Data.Tests.Sql.Stubs;

/// <summary>A command of a <see cref="StubDbConnection"/>: every execution returns the connection's result.</summary>
public sealed class StubDbCommand(StubDbConnection connection) : DbCommand
{
    /// <inheritdoc />
    [AllowNull]
    public override string CommandText { get; set; } = string.Empty;

    /// <inheritdoc />
    public override int CommandTimeout { get; set; } = 30;

    /// <inheritdoc />
    public override CommandType CommandType { get; set; } = CommandType.Text;

    /// <inheritdoc />
    public override bool DesignTimeVisible { get; set; }

    /// <inheritdoc />
    public override UpdateRowSource UpdatedRowSource { get; set; }

    /// <inheritdoc />
    protected override DbConnection? DbConnection { get; set; } = connection;

    /// <inheritdoc />
    protected override DbParameterCollection DbParameterCollection => throw new NotSupportedException("The stub takes no parameters.");

    /// <inheritdoc />
    protected override DbTransaction? DbTransaction { get; set; }

    /// <inheritdoc />
    public override void Cancel()
    {
    }

    /// <inheritdoc />
    public override int ExecuteNonQuery() => 1;

    /// <inheritdoc />
    public override object? ExecuteScalar() => connection.Result;

    /// <inheritdoc />
    public override void Prepare()
    {
    }

    /// <inheritdoc />
    protected override DbParameter CreateDbParameter() => throw new NotSupportedException();

    /// <inheritdoc />
    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior)
    {
        var table = new DataTable();
        table.Columns.Add("value", connection.Result.GetType());
        table.Rows.Add(connection.Result);
        return table.CreateDataReader();
    }
}
