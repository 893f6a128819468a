using Microsoft.Data.SqlClient;
using MySqlConnector;
using Npgsql;
using XRay.Data.Tests.Sql.Stubs;
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
    public void Calls_of_one_query_text_share_a_sql_block_but_a_text_too_long_to_keep_does_not()
    {
        var connection = new StubDbConnection("Host=blocks-" + Guid.NewGuid().ToString("N") + ";Database=app");
        var info = ConnectionInfo.For(connection);
        const string Query = "select name from items where id = ?";
        var tooLong = "select " + new string('x', SqlSanitizer.MaxCachedLength);

        var first = info.SqlBlockFor(connection, Query, "statement", "SELECT items");
        Assert.Same(first, info.SqlBlockFor(connection, Query, "statement", "SELECT items"));
        Assert.NotSame(first, info.SqlBlockFor(connection, Query, "call", "SELECT items"));
        Assert.NotSame(first, info.SqlBlockFor(connection, new string(Query.AsSpan()), "statement", "SELECT items"));
        Assert.NotSame(info.SqlBlockFor(connection, tooLong, "statement", null), info.SqlBlockFor(connection, tooLong, "statement", null));
        Assert.Equal(tooLong, info.SqlBlockFor(connection, tooLong, "statement", null).SanitizedQuery);
    }

    [Fact]
    public void The_same_connection_string_is_parsed_once()
    {
        var connectionString = "Host=cache-test-" + Guid.NewGuid().ToString("N") + ";Database=app;Password=x";
        var first = ConnectionInfo.For(new StubDbConnection(connectionString));
        var again = ConnectionInfo.For(new StubDbConnection(connectionString));
        var equalContent = ConnectionInfo.For(new StubDbConnection(new string(connectionString.AsSpan())));

        Assert.Same(first, again);
        Assert.Same(first, equalContent);
    }

    [Fact]
    public void The_same_connection_string_of_another_provider_is_described_apart()
    {
        var connectionString = "Server=shared-" + Guid.NewGuid().ToString("N") + ";Database=app";
        var stub = ConnectionInfo.For(new StubDbConnection(connectionString));
        var sqlServer = ConnectionInfo.For(new SqlConnection(connectionString));

        Assert.Equal("StubDb", stub.DatabaseType);
        Assert.Equal("Microsoft SQL Server", sqlServer.DatabaseType);
    }

    [Fact]
    public void The_cache_stays_bounded()
    {
        for (var i = 0; i < 600; i++)
            ConnectionInfo.For(new StubDbConnection($"Host=bounded-{i};Database=app"));

        Assert.InRange(ConnectionInfo.CachedCount, 1, 256);
    }

    [Theory]
    [InlineData("Server=tcp:myserver.database.windows.net,1433;Initial Catalog=orders;User ID=app;Password=s3cret", "orders@myserver.database.windows.net", "app")]
    [InlineData(@"Data Source=.\SQLEXPRESS;Database=orders;Integrated Security=true", "orders@localhost", null)]
    [InlineData(@"Data Source=(localdb)\MSSQLLocalDB;Initial Catalog=orders", "orders@localdb", null)]
    [InlineData(@"Server=myhost\instance;Database=orders;Uid=app;Pwd=s3cret", "orders@myhost", "app")]
    [InlineData(@"Server=myhost\instance,1533;Database=orders", "orders@myhost", null)]
    [InlineData("Server=h;Database=orders;Password=\"s3cret;x=y\";User ID=app", "orders@h", "app")]
    [InlineData("Server=h;Database=orders;Password='it''s s3cret'", "orders@h", null)]
    public void Sql_server_connection_strings_name_database_at_host(string connectionString, string name, string? user)
    {
        var info = ConnectionInfo.For(new SqlConnection(connectionString));

        Assert.Equal(name, info.SubsegmentName);
        Assert.Equal("Microsoft SQL Server", info.DatabaseType);
        Assert.Equal(SqlDialect.SqlServer, info.Dialect);
        Assert.Equal(user, info.User);
        Assert.NotNull(info.ConnectionString);
        Assert.DoesNotContain("s3cret", info.ConnectionString, StringComparison.Ordinal);
        Assert.Matches(@"^Microsoft\.Data\.SqlClient \d+\.\d+\.\d+", info.DriverVersion);
    }

    [Fact]
    public void A_data_source_that_hides_a_secret_is_not_taken_from_the_provider_instead()
    {
        // SqlClient reads one server named "h;Pwd=…"; an ODBC reading sees a password. Neither may reach the name.
        var connection = new SqlConnection("Data Source=\"h;Pwd=Zq1Xv\";Initial Catalog=orders");
        Assert.Contains("Zq1Xv", connection.DataSource, StringComparison.Ordinal);

        var info = ConnectionInfo.For(connection);

        Assert.Equal("orders", info.SubsegmentName);
        Assert.DoesNotContain("Zq1Xv", info.ConnectionString ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public void Mysql_connection_string_is_described()
    {
        var info = ConnectionInfo.For(new MySqlConnection("Server=db.example.com;Port=3306;Database=shop;Uid=root;Pwd=s3cret;SslKey=/etc/key.pem"));

        Assert.Equal("shop@db.example.com", info.SubsegmentName);
        Assert.Equal("MySQL", info.DatabaseType);
        Assert.Equal(SqlDialect.MySql, info.Dialect);
        Assert.Equal("root", info.User);
        Assert.Equal("Server=db.example.com;Port=3306;Database=shop;Uid=root", info.ConnectionString);
        Assert.Matches(@"^MySqlConnector \d+\.\d+\.\d+", info.DriverVersion);
    }

    [Fact]
    public void Url_source_is_recorded_as_a_url_without_credentials_or_query()
    {
        var info = ConnectionInfo.For(new StubDbConnection("postgresql://user:p%40ss@db.example.com:5432/app?sslmode=require&password=x&application_name=web"));

        Assert.Equal("app@db.example.com", info.SubsegmentName);
        Assert.Equal("postgresql://db.example.com:5432/app", info.Url);
        Assert.Null(info.ConnectionString);
        Assert.Equal("user", info.User);
    }

    [Fact]
    public void Unreadable_connection_string_is_not_recorded_and_the_name_comes_from_the_provider_normalized()
    {
        var info = ConnectionInfo.For(new StubDbConnection("Host=db;Password='unterminated;Database=x", dataSource: "tcp://u:Zq2Xv@db.internal:5432", database: "sales"));

        Assert.Null(info.ConnectionString);
        Assert.Null(info.Url);
        Assert.Null(info.User);
        Assert.Equal("sales@db.internal", info.SubsegmentName);
    }

    [Theory]
    [InlineData("h;Pwd=Zq3Xv", "app", "app")]
    [InlineData("u:Zq3Xv@h", "app", "app@h")]
    [InlineData("h", "x;Password=Zq3Xv", "h")]
    [InlineData("", "", "StubDb")]
    public void What_the_provider_reports_is_named_only_when_it_looks_like_a_host_and_a_database(string dataSource, string database, string name)
    {
        // An unterminated quote: the connection string cannot be read, so the provider is asked.
        var info = ConnectionInfo.For(new StubDbConnection($"Host='Zq3Xv{Guid.NewGuid():N}", dataSource, database));

        Assert.Equal(name, info.SubsegmentName);
    }

    [Fact]
    public void The_connection_string_names_what_it_has_and_the_provider_the_rest()
    {
        var info = ConnectionInfo.For(new StubDbConnection("Host=named.example.com;Username=app", dataSource: "other.example.com", database: "fromprovider"));

        Assert.Equal("fromprovider@named.example.com", info.SubsegmentName);
    }

    [Theory]
    [InlineData("Password")]
    [InlineData("PWD")]
    [InlineData("SSL Password")]
    [InlineData("Access Token")]
    [InlineData("Client_Secret")]
    [InlineData("SslKey")]
    [InlineData("Column Encryption Key Store Credential")]
    [InlineData("api-key")]
    [InlineData("Jwt")]
    [InlineData("Authorization")]
    [InlineData("SharedAccessSignature")]
    [InlineData("sig")]
    [InlineData("Passphrase")]
    [InlineData("passcode")]
    public void Every_key_that_names_a_secret_is_removed(string key)
    {
        var info = ConnectionInfo.For(new StubDbConnection($"Host=h;{key}=TopSecretValue;Database=d;Keepalive=30"));

        Assert.Equal("Host=h;Database=d;Keepalive=30", info.ConnectionString);
    }
}
