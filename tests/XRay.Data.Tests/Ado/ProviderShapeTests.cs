using System.Data.Common;
using Microsoft.Data.SqlClient;
using MySqlConnector;
using XRay.Data.Tests.Ado.Fakes;
using XRay.Testing;

namespace XRay.Data.Tests.Ado;

/// <summary>
/// The success path of a recorded command for each provider's connection-string shapes, through the recording seam with
/// the providers' own connections and commands: SQL Server and MySQL servers at these addresses do not exist here, so
/// the command is begun and ended as a traced command does around a run that succeeded.
/// </summary>
public sealed class ProviderShapeTests
{
    public static TheoryData<string, string, string, string, string?> Shapes() => new()
    {
        { "sqlserver", "Server=tcp:myserver.database.windows.net,1433;Initial Catalog=orders;User ID=app;Password=Zq300Xv;Encrypt=true", "orders@myserver.database.windows.net", "Microsoft SQL Server", "app" },
        { "sqlserver", @"Data Source=.\SQLEXPRESS;Database=orders;Integrated Security=true", "orders@localhost", "Microsoft SQL Server", null },
        { "sqlserver", @"Data Source=(localdb)\MSSQLLocalDB;Initial Catalog=orders;Pwd=Zq301Xv", "orders@localdb", "Microsoft SQL Server", null },
        { "sqlserver", @"Server=myhost\instance;Database=orders;Uid=app;Pwd=Zq302Xv", "orders@myhost", "Microsoft SQL Server", "app" },
        { "mysql", "Server=[::1]:3306;Database=shop;Uid=root;Pwd=Zq303Xv;SslKey=Zq304Xv", "shop@::1", "MySQL", "root" },
        { "mysql", "Server=mysql.internal;Port=3306;Database=shop;User=web;Password=Zq305Xv", "shop@mysql.internal", "MySQL", "web" },
        { "generic", "postgresql://user:Zq306Xv@db.example.com:5432/app?sslmode=require&password=Zq307Xv", "app@db.example.com", "FakeDb", "user" },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Name_type_and_scrubbed_source_are_recorded(string provider, string connectionString, string name, string databaseType, string? user)
    {
        DbConnection connection = provider switch
        {
            "sqlserver" => new SqlConnection(connectionString),
            "mysql" => new MySqlConnection(connectionString),
            _ => new FakeDbConnection(connectionString),
        };
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("shapes"))
        {
            await using (connection)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "select name from t where id = 7";
                var call = new SqlRecorder(harness.Recorder).BeginCommand(connection, command);
                Assert.True(call.IsRecording);
                call.Succeed(rowsAffected: -1, rowsRead: 1);
            }
        }

        var sub = Assert.Single(await TracedPostgres.SqlSubsegmentsAsync(harness));
        Assert.Equal(name, sub.Name);
        Assert.False(sub.Flag("fault"));
        Assert.Equal(databaseType, (string?)sub.Sql!["database_type"]);
        Assert.Equal(user, (string?)sub.Sql["user"]);
        Assert.Equal("statement", (string?)sub.Sql["preparation"]);
        Assert.Equal(1, (long?)sub.Json["metadata"]?["sql"]?["rows_read"]);
        Assert.Equal("select name from t where id = ?", TracedPostgres.Query(sub));
        Assert.True(sub.Sql["connection_string"] is not null ^ sub.Sql["url"] is not null);
        Assert.DoesNotMatch(@"Zq\d+Xv", harness.Receiver.AllText());
    }
}
