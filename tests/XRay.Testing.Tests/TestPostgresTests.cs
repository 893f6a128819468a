using Npgsql;
using XRay.Testing;

namespace XRay.Testing.Tests;

public sealed class TestPostgresTests
{
    [Fact]
    public async Task Connection_string_reaches_a_server_that_checks_the_password()
    {
        await using (var connection = new NpgsqlConnection(TestPostgres.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("select version()", connection);
            Assert.StartsWith("PostgreSQL ", (string?)await command.ExecuteScalarAsync(), StringComparison.Ordinal);
        }

        var wrong = new NpgsqlConnectionStringBuilder(TestPostgres.ConnectionString) { Password = "not-the-password", Pooling = false };
        await using var denied = new NpgsqlConnection(wrong.ConnectionString);
        var error = await Assert.ThrowsAsync<PostgresException>(() => denied.OpenAsync());
        Assert.Equal(PostgresErrorCodes.InvalidPassword, error.SqlState);
    }

    [Fact]
    public void The_route_follows_the_environment()
    {
        var server = TestPostgres.Server;
        var expected = Expected(TestPostgres.Variable, TestPostgres.ImageVariable);
        if (expected is { } route)
            Assert.Equal(route, server.Route);
        Assert.StartsWith("PostgreSQL for tests: ", server.Description, StringComparison.Ordinal);
        Assert.Contains(server.Route switch
        {
            TestServerRoute.Configured => TestPostgres.Variable,
            TestServerRoute.Container => "Testcontainers",
            _ => "throwaway local server",
        }, server.Description, StringComparison.Ordinal);
    }

    /// <summary>The route the environment dictates, or null where a default image may or may not be pullable.</summary>
    internal static TestServerRoute? Expected(string variable, string imageVariable)
    {
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(variable)))
            return TestServerRoute.Configured;
        if (!DockerEngine.Answers)
            return TestServerRoute.Local;
        if (DockerEngine.Required || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(imageVariable)))
            return TestServerRoute.Container;
        return null;
    }
}
