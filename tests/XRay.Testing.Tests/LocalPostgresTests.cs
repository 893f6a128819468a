using Npgsql;
using XRay.Testing;

namespace XRay.Testing.Tests;

public sealed class LocalPostgresTests
{
    [LocalServerFact("postgres")]
    public async Task Start_stops_and_removes_the_cluster_of_a_killed_run_and_keeps_live_ones()
    {
        var killedRun = LocalPostgres.Start();
        var killedPostmaster = File.ReadLines(Path.Combine(killedRun.Folder, "data", "postmaster.pid")).First();
        File.WriteAllText(Path.Combine(killedRun.Folder, OwnerProcess.FileName), DeadOwner.Killed());
        var liveRun = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), LocalPostgres.FolderPrefix + Guid.NewGuid().ToString("N")[..12])).FullName;
        OwnerProcess.Claim(liveRun);
        try
        {
            using var next = LocalPostgres.Start();

            Assert.False(Directory.Exists(killedRun.Folder));
            Assert.False(ProcessCommandLine.Mentions(killedPostmaster, killedRun.Folder));
            Assert.True(Directory.Exists(liveRun));
            await using var connection = new NpgsqlConnection(next.ConnectionString);
            await connection.OpenAsync();
        }
        finally
        {
            killedRun.Dispose();
            Directory.Delete(liveRun, recursive: true);
        }
    }

    [LocalServerFact("postgres")]
    public void Dispose_stops_the_server_and_removes_its_folder()
    {
        var cluster = LocalPostgres.Start();
        var postmaster = File.ReadLines(Path.Combine(cluster.Folder, "data", "postmaster.pid")).First();
        Assert.Equal(OwnerProcess.Current, File.ReadAllText(Path.Combine(cluster.Folder, OwnerProcess.FileName)));

        cluster.Dispose();

        Assert.False(Directory.Exists(cluster.Folder));
        Assert.False(ProcessCommandLine.Mentions(postmaster, cluster.Folder));
    }
}
