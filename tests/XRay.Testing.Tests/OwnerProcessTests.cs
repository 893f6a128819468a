using XRay.Testing;

namespace XRay.Testing.Tests;

public sealed class OwnerProcessTests
{
    [Fact]
    public void The_current_process_is_alive()
    {
        Assert.StartsWith($"{Environment.ProcessId}@", OwnerProcess.Current, StringComparison.Ordinal);
        Assert.True(OwnerProcess.IsAlive(OwnerProcess.Current));
    }

    [Fact]
    public void A_killed_process_is_not_alive()
        => Assert.False(OwnerProcess.IsAlive(DeadOwner.Killed()));

    [Fact]
    public void A_reused_process_id_with_another_start_time_is_not_alive()
        => Assert.False(OwnerProcess.IsAlive(DeadOwner.WithReusedPid()));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("@123")]
    [InlineData("12@")]
    [InlineData("-1@5")]
    public void An_unreadable_owner_is_not_alive(string? owner)
        => Assert.False(OwnerProcess.IsAlive(owner));

    [Fact]
    public void A_claimed_folder_names_this_process_and_a_half_written_claim_names_nobody()
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "xraydata-claim-" + Guid.NewGuid().ToString("N")[..12])).FullName;
        try
        {
            Assert.Null(OwnerProcess.ClaimOf(folder));

            OwnerProcess.Claim(folder);
            Assert.Equal(OwnerProcess.Current, OwnerProcess.ClaimOf(folder));
            Assert.Equal([OwnerProcess.FileName], Directory.GetFiles(folder).Select(Path.GetFileName));

            File.WriteAllText(Path.Combine(folder, OwnerProcess.FileName), string.Empty);
            Assert.Null(OwnerProcess.ClaimOf(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
