namespace XRay.Data.Tests.Sql.Stubs;

/// <summary>Recognised as a MySQL provider by its name; reports whatever server version it is given, as an open connection would.</summary>
public sealed class MySqlStubConnection(string connectionString, string serverVersion)
    : StubDbConnection(connectionString, serverVersion: serverVersion)
{
}
