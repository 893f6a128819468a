using MySqlConnector;
using XRay.Testing;

namespace XRay.Testing.Tests;

public sealed class TestMariaDbTests
{
    [Fact]
    public async Task Connects_and_reports_its_version()
    {
        await using var connection = new MySqlConnection(TestMariaDb.ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand("SELECT VERSION()", connection);

        var version = (string?)await command.ExecuteScalarAsync();

        Assert.Contains("MariaDB", version, StringComparison.Ordinal);
        Assert.Equal(LocalMariaDb.Database, connection.Database);
    }

    [Fact]
    public async Task Host_connections_must_authenticate()
    {
        var wrong = new MySqlConnectionStringBuilder(TestMariaDb.ConnectionString) { Password = "not-the-password", Pooling = false };
        await using var denied = new MySqlConnection(wrong.ConnectionString);
        var error = await Assert.ThrowsAsync<MySqlException>(() => denied.OpenAsync());
        Assert.Equal(MySqlErrorCode.AccessDenied, error.ErrorCode);

        var none = new MySqlConnectionStringBuilder(TestMariaDb.ConnectionString) { Password = string.Empty, Pooling = false };
        await using var anonymous = new MySqlConnection(none.ConnectionString);
        Assert.Equal(MySqlErrorCode.AccessDenied, (await Assert.ThrowsAsync<MySqlException>(() => anonymous.OpenAsync())).ErrorCode);
    }

    [Fact]
    public async Task The_test_user_may_create_and_drop_databases()
    {
        var name = "xraydata_" + Guid.NewGuid().ToString("N")[..8];
        await using var connection = new MySqlConnection(TestMariaDb.ConnectionString);
        await connection.OpenAsync();

        await Execute(connection, $"CREATE DATABASE `{name}`");
        await Execute(connection, $"CREATE TABLE `{name}`.items (id int primary key)");
        await Execute(connection, $"DROP DATABASE `{name}`");

        await using var check = new MySqlCommand("SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = @name", connection);
        check.Parameters.AddWithValue("@name", name);
        Assert.Equal(0L, await check.ExecuteScalarAsync());
    }

    [Fact]
    public void The_route_follows_the_environment()
    {
        var server = TestMariaDb.Server;
        if (TestPostgresTests.Expected(TestMariaDb.Variable, TestMariaDb.ImageVariable) is { } route)
            Assert.Equal(route, server.Route);
        Assert.StartsWith("MariaDB for tests: ", server.Description, StringComparison.Ordinal);
    }

    private static async Task Execute(MySqlConnection connection, string sql)
    {
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
