#pragma warning disable IDE0130 // The namespace and type name are those of the real provider, which is recognised by them.
namespace MySqlConnector;
#pragma warning restore IDE0130

/// <summary>Stands in for MySqlConnector's connection, which cannot be restored here.</summary>
public sealed class MySqlConnection(string connectionString, string dataSource = "", string database = "")
    : XRay.Data.Tests.Ado.Fakes.FakeDbConnection(connectionString, dataSource, database, "8.0.36")
{
}
