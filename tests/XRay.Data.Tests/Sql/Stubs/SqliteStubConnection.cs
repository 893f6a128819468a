namespace XRay.Data.Tests.Sql.Stubs;

/// <summary>Recognised as a SQLite provider by its name; reports <c>main</c> as its database, as SQLite providers do.</summary>
public sealed class SqliteStubConnection(string connectionString) : StubDbConnection(connectionString, database: "main")
{
}
