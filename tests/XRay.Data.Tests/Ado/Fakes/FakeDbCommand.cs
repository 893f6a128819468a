using System.Data;
using System.Data.Common;

namespace XRay.Data.Tests.Ado.Fakes;

/// <summary>A command that answers from its <see cref="FakeDbConnection"/>'s canned results.</summary>
public sealed class FakeDbCommand : DbCommand
{
    private readonly FakeParameterCollection parameters = new();

    /// <inheritdoc />
    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string CommandText { get; set; } = string.Empty;

    /// <inheritdoc />
    public override int CommandTimeout { get; set; } = 30;

    /// <inheritdoc />
    public override CommandType CommandType { get; set; } = CommandType.Text;

    /// <inheritdoc />
    public override bool DesignTimeVisible { get; set; }

    /// <inheritdoc />
    public override UpdateRowSource UpdatedRowSource { get; set; }

    /// <summary>True once Prepare ran.</summary>
    public bool Prepared { get; private set; }

    /// <inheritdoc />
    protected override DbConnection? DbConnection { get; set; }

    /// <inheritdoc />
    protected override DbParameterCollection DbParameterCollection => parameters;

    /// <inheritdoc />
    protected override DbTransaction? DbTransaction { get; set; }

    private FakeDbConnection Fake => (FakeDbConnection)(DbConnection ?? throw new InvalidOperationException("No connection."));

    /// <inheritdoc />
    public override void Cancel()
    {
    }

    /// <inheritdoc />
    public override int ExecuteNonQuery()
    {
        Run();
        return Fake.RowsAffected;
    }

    /// <inheritdoc />
    public override object? ExecuteScalar()
    {
        Run();
        return Fake.ScalarResult;
    }

    /// <inheritdoc />
    public override void Prepare() => Prepared = true;

    /// <inheritdoc />
    protected override DbParameter CreateDbParameter() => new FakeDbParameter();

    /// <inheritdoc />
    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior)
    {
        Run();
        var table = new DataTable();
        table.Columns.Add("n", typeof(int));
        for (var i = 1; i <= Fake.ReaderRows; i++)
            table.Rows.Add(i);
        return new FakeDbDataReader(table.CreateDataReader(), behavior.HasFlag(CommandBehavior.CloseConnection) ? Fake : null);
    }

    private void Run()
    {
        Fake.Executions++;
        if (Fake.Failure is { } failure)
            throw failure;
    }
}
