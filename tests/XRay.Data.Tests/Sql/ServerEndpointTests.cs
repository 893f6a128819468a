using XRay.Data;

namespace XRay.Data.Tests.Sql;

public sealed class ServerEndpointTests
{
    [Theory]
    [InlineData("Host=db.example;Port=6543;Username=u;Password=p", "db.example", 6543)]
    [InlineData("Server=tcp:sql.example,1444;Database=d;User Id=u;Password=p", "tcp:sql.example,1444", 1444)]
    [InlineData("Server=my.example:3307;Database=d", "my.example:3307", 3307)]
    [InlineData("Host=db.example;Port=notaport", "db.example", null)]
    [InlineData("Host=db.example;Port=70000", "db.example", null)]
    [InlineData("Host=db.example", "db.example", null)]
    [InlineData("Server=[::1]", "[::1]", null)]
    [InlineData("this is not = a ; valid ;; string '", null, null)]
    public void Port_is_read_from_the_key_or_the_data_source_and_only_when_it_is_a_port(string connectionString, string? dataSource, int? expected)
    {
        Assert.Equal(expected, ServerEndpoint.PortOf(connectionString, dataSource));
    }

    [Fact]
    public void Connection_info_names_host_port_and_database_but_no_file_server()
    {
        var postgres = ConnectionInfo.For(new Npgsql.NpgsqlConnection("Host=db.example;Port=6543;Database=shop;Username=u;Password=secret")).Endpoint;
        Assert.Equal(new ServerEndpoint("db.example", 6543, "shop"), postgres);

        var sqlite = ConnectionInfo.For(new Microsoft.Data.Sqlite.SqliteConnection("Data Source=/tmp/app.db")).Endpoint;
        Assert.Null(sqlite.Address);
        Assert.Null(sqlite.Port);
    }
}
