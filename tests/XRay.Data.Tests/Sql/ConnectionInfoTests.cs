using Npgsql;
using XRay.Data.Tests.Ado.Fakes;
using XRay.Testing;

namespace XRay.Data.Tests.Sql;

public sealed class ConnectionInfoTests
{
    [Fact]
    public async Task Npgsql_connection_is_described_without_its_password()
    {
        await using var connection = new NpgsqlConnection(TestPostgres.ConnectionString);
        var closed = ConnectionInfo.For(connection);

        Assert.Equal("postgres@127.0.0.1", closed.SubsegmentName);
        Assert.Equal("PostgreSQL", closed.DatabaseType);
        Assert.Equal(SqlDialect.PostgreSql, closed.Dialect);
        Assert.Equal("postgres", closed.User);
        Assert.Null(closed.Url);
        Assert.Matches(@"^Npgsql \d+\.\d+\.\d+", closed.DriverVersion);
        Assert.Contains("host=127.0.0.1", closed.ConnectionString, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(LocalPostgres.SuperuserPassword, closed.ConnectionString, StringComparison.Ordinal);
        Assert.DoesNotContain("password", closed.ConnectionString, StringComparison.OrdinalIgnoreCase);
        Assert.Null(closed.DatabaseVersion(connection));

        await connection.OpenAsync();
        var open = ConnectionInfo.For(connection);
        Assert.Equal(connection.ServerVersion, open.DatabaseVersion(connection));
        Assert.Equal("postgres@127.0.0.1", open.SubsegmentName);
    }

    [Fact]
    public void The_same_connection_string_is_parsed_once()
    {
        var connectionString = "Host=cache-test-" + Guid.NewGuid().ToString("N") + ";Database=app;Password=x";
        var first = ConnectionInfo.For(new FakeDbConnection(connectionString));
        var again = ConnectionInfo.For(new FakeDbConnection(connectionString));
        var equalContent = ConnectionInfo.For(new FakeDbConnection(new string(connectionString.AsSpan())));

        Assert.Same(first, again);
        Assert.Same(first, equalContent);
    }

    [Fact]
    public void The_same_connection_string_of_another_provider_is_described_apart()
    {
        var connectionString = "Server=shared-" + Guid.NewGuid().ToString("N") + ";Database=app";
        var generic = ConnectionInfo.For(new FakeDbConnection(connectionString));
        var sqlServer = ConnectionInfo.For(new Microsoft.Data.SqlClient.SqlConnection(connectionString));

        Assert.Equal("FakeDb", generic.DatabaseType);
        Assert.Equal("Microsoft SQL Server", sqlServer.DatabaseType);
    }

    [Fact]
    public void The_cache_stays_bounded()
    {
        for (var i = 0; i < 600; i++)
            ConnectionInfo.For(new FakeDbConnection($"Host=bounded-{i};Database=app"));

        Assert.InRange(ConnectionInfo.CachedCount, 1, 256);
    }

    [Theory]
    [InlineData("Server=tcp:myserver.database.windows.net,1433;Initial Catalog=orders;User ID=app;Password=s3cret", "orders@myserver.database.windows.net", "app")]
    [InlineData(@"Data Source=.\SQLEXPRESS;Database=orders;Integrated Security=true", "orders@localhost", null)]
    [InlineData(@"Data Source=(localdb)\MSSQLLocalDB;Initial Catalog=orders", "orders@localdb", null)]
    [InlineData(@"Server=myhost\instance;Database=orders;Uid=app;Pwd=s3cret", "orders@myhost", "app")]
    [InlineData(@"Server=myhost\instance,1533;Database=orders", "orders@myhost", null)]
    public void Sql_server_connection_strings_name_database_at_host(string connectionString, string name, string? user)
    {
        var info = ConnectionInfo.For(new Microsoft.Data.SqlClient.SqlConnection(connectionString));

        Assert.Equal(name, info.SubsegmentName);
        Assert.Equal("Microsoft SQL Server", info.DatabaseType);
        Assert.Equal(SqlDialect.SqlServer, info.Dialect);
        Assert.Equal(user, info.User);
        Assert.DoesNotContain("s3cret", info.ConnectionString, StringComparison.Ordinal);
        Assert.NotNull(info.ConnectionString);
    }

    [Fact]
    public void Mysql_connection_string_is_described()
    {
        var info = ConnectionInfo.For(new MySqlConnector.MySqlConnection("Server=db.example.com;Port=3306;Database=shop;Uid=root;Pwd=s3cret;SslKey=/etc/key.pem"));

        Assert.Equal("shop@db.example.com", info.SubsegmentName);
        Assert.Equal("MySQL", info.DatabaseType);
        Assert.Equal(SqlDialect.MySql, info.Dialect);
        Assert.Equal("root", info.User);
        Assert.DoesNotContain("s3cret", info.ConnectionString, StringComparison.Ordinal);
        Assert.DoesNotContain("key.pem", info.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public void Url_source_is_recorded_as_a_url_without_credentials()
    {
        var info = ConnectionInfo.For(new FakeDbConnection("postgresql://user:p%40ss@db.example.com:5432/app?sslmode=require&password=x&application_name=web"));

        Assert.Equal("app@db.example.com", info.SubsegmentName);
        Assert.Equal("postgresql://user@db.example.com:5432/app?sslmode=require&application_name=web", info.Url);
        Assert.Null(info.ConnectionString);
        Assert.Equal("user", info.User);
    }

    [Theory]
    [InlineData("mysql://admin:pa/ss?w#rd@[::1]:3306/shop", "shop@::1", "mysql://admin@[::1]:3306/shop")]
    [InlineData("postgres://u:@weird@host/db?token=abc", "db@host", "postgres://u@host/db")]
    [InlineData("sqlserver://host", "host", "sqlserver://host")]
    public void Url_passwords_with_separators_never_survive(string url, string name, string recorded)
    {
        var info = ConnectionInfo.For(new FakeDbConnection(url));

        Assert.Equal(name, info.SubsegmentName);
        Assert.Equal(recorded, info.Url);
    }

    [Fact]
    public void Unparseable_connection_string_is_not_recorded_and_the_name_comes_from_the_provider()
    {
        var info = ConnectionInfo.For(new FakeDbConnection("Host=db;Password='unterminated;Database=x", dataSource: "tcp://db.internal:5432", database: "sales"));

        Assert.Null(info.ConnectionString);
        Assert.Null(info.Url);
        Assert.Equal("sales@db.internal", info.SubsegmentName);
    }

    [Theory]
    [InlineData("Password")]
    [InlineData("PWD")]
    [InlineData("Psw")]
    [InlineData("SSL Password")]
    [InlineData("SslPassword")]
    [InlineData("Access Token")]
    [InlineData("Client_Secret")]
    [InlineData("SslKey")]
    [InlineData("Column Encryption Key Store Credential")]
    [InlineData("api-key")]
    public void Every_key_that_names_a_secret_is_removed(string key)
    {
        var info = ConnectionInfo.For(new FakeDbConnection($"Host=h;{key}=TopSecretValue;Database=d"));

        Assert.NotNull(info.ConnectionString);
        Assert.DoesNotContain("TopSecretValue", info.ConnectionString, StringComparison.Ordinal);
        Assert.Contains("database=d", info.ConnectionString, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("tcp://127.0.0.1:5432", "127.0.0.1")]
    [InlineData("[::1]:5432", "::1")]
    [InlineData("::1", "::1")]
    [InlineData("tcp:myserver.database.windows.net,1433", "myserver.database.windows.net")]
    [InlineData(@".\SQLEXPRESS", "localhost")]
    [InlineData(@"(localdb)\MSSQLLocalDB", "localdb")]
    [InlineData(@"myhost\instance", "myhost")]
    [InlineData("db1:5432,db2:5433", "db1")]
    [InlineData("postgresql://user:pw@db.example.com:5432/app", "db.example.com")]
    [InlineData("  ", null)]
    public void Hosts_lose_scheme_port_and_instance(string dataSource, string? host)
        => Assert.Equal(host, ConnectionSource.NormalizeHost(dataSource));
}
