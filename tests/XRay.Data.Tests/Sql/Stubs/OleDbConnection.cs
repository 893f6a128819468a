namespace XRay.Data.Tests.Sql.Stubs;

/// <summary>
/// Recognised as OLE DB by its name, like System.Data.OleDb's connection, which restores here but works on Windows only.
/// </summary>
public sealed class OleDbConnection(string connectionString) : StubDbConnection(connectionString)
{
}
