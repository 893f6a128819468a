using MySqlConnector;
using XRay.Testing;

namespace XRay.Testing.Tests;

public sealed class LocalMariaDbTests
{
    [LocalServerFact("mariadb")]
    public async Task Serves_the_test_user_on_loopback_and_leaves_nothing_after_dispose()
    {
        var server = LocalMariaDb.Start();
        var pid = File.ReadAllText(Path.Combine(server.Folder, "mariadbd.pid")).Trim();
        try
        {
            await using var connection = new MySqlConnection(server.ConnectionString);
            await connection.OpenAsync();
            await using var command = new MySqlCommand("SELECT CONCAT(VERSION(), ' ', CURRENT_USER(), ' ', @@bind_address)", connection);
            var answer = (string?)await command.ExecuteScalarAsync();
            Assert.Matches(@"MariaDB.* xraydata@% 127\.0\.0\.1$", answer);
        }
        finally
        {
            server.Dispose();
        }

        Assert.False(Directory.Exists(server.Folder));
        Assert.False(ProcessCommandLine.Mentions(pid, server.Folder));
    }

    [LocalServerFact("mariadb")]
    public void Start_stops_and_removes_the_server_of_a_killed_run()
    {
        var killedRun = LocalMariaDb.Start();
        var pid = File.ReadAllText(Path.Combine(killedRun.Folder, "mariadbd.pid")).Trim();
        File.WriteAllText(Path.Combine(killedRun.Folder, OwnerProcess.FileName), DeadOwner.WithReusedPid());
        try
        {
            using var next = LocalMariaDb.Start();

            Assert.False(Directory.Exists(killedRun.Folder));
            Assert.False(ProcessCommandLine.Mentions(pid, killedRun.Folder));
            Assert.True(Directory.Exists(next.Folder));
        }
        finally
        {
            killedRun.Dispose();
        }
    }
}
