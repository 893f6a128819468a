using System.Diagnostics;
using Docker.DotNet;
using DotNet.Testcontainers.Builders;
using Microsoft.Extensions.Logging.Abstractions;
using XRay.Testing;

namespace XRay.Testing.Tests;

public sealed class WatchdogTests
{
    [Fact]
    public async Task When_the_owner_is_killed_the_server_is_stopped_and_its_folder_removed()
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "xraydata-watchdog-" + Guid.NewGuid().ToString("N")[..12])).FullName;
        using var server = Sleep();
        using var owner = Sleep();
        Watchdog.Guard(owner.Id, folder, "kill", "-KILL", server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Task.Delay(200);
        Assert.False(server.HasExited);
        Assert.True(Directory.Exists(folder));

        owner.Kill();
        await owner.WaitForExitAsync();

        await server.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        Assert.True(await Eventually(() => !Directory.Exists(folder)));
    }

    [Fact]
    public async Task A_disposed_server_is_left_alone_once_its_folder_is_gone()
    {
        var folder = Path.Combine(Path.GetTempPath(), "xraydata-watchdog-" + Guid.NewGuid().ToString("N")[..12]);
        var marker = folder + ".stopped";
        using var owner = Sleep();
        Watchdog.Guard(owner.Id, folder, "touch", marker);

        owner.Kill();
        await owner.WaitForExitAsync();
        var watchdogDone = Eventually(() => !ProcessRunningWith(folder));

        Assert.True(await watchdogDone);
        Assert.False(File.Exists(marker));
    }

    [DockerFact]
    public async Task When_the_owner_is_killed_its_containers_are_removed_even_one_still_starting()
    {
        using var client = DockerEngine.CreateClient();
        using var owner = Sleep();
        var ownerName = OwnerProcess.Describe(owner.Id);
        Assert.NotNull(ownerName);
        var image = Environment.GetEnvironmentVariable(TestPostgres.ImageVariable) is { Length: > 0 } named ? named : TestPostgres.DefaultImage;
        Watchdog.GuardContainers(owner.Id, ownerName);
        var running = new ContainerBuilder(image).WithEntrypoint("sleep").WithCommand("300")
            .WithLabel(ContainerLabels.For("postgres", ownerName)).WithLogger(NullLogger.Instance).Build();
        await running.StartAsync();
        var created = await client.Containers.CreateContainerAsync(new Docker.DotNet.Models.CreateContainerParameters
        {
            Image = image,
            Entrypoint = ["sleep"],
            Cmd = ["300"],
            Labels = ContainerLabels.For("postgres", ownerName).ToDictionary(),
        });
        var bystander = new ContainerBuilder(image).WithEntrypoint("sleep").WithCommand("300")
            .WithLabel(ContainerLabels.For("postgres")).WithLogger(NullLogger.Instance).Build();
        await bystander.StartAsync();
        try
        {
            owner.Kill();
            await owner.WaitForExitAsync();

            Assert.True(await Eventually(() => Gone(client, running.Id)));
            Assert.True(await Eventually(() => Gone(client, created.ID)));
            Assert.True((await client.Containers.InspectContainerAsync(bystander.Id)).State?.Running);
        }
        finally
        {
            await bystander.DisposeAsync();
        }
    }

    private static async Task<bool> Gone(IDockerClient client, string id)
    {
        try
        {
            await client.Containers.InspectContainerAsync(id);
            return false;
        }
        catch (DockerContainerNotFoundException)
        {
            return true;
        }
    }

    private static Process Sleep()
        => Process.Start(new ProcessStartInfo("sleep", "120") { UseShellExecute = false })
            ?? throw new InvalidOperationException("Could not start sleep.");

    private static bool ProcessRunningWith(string text)
        => Directory.EnumerateDirectories("/proc").Any(dir => ProcessCommandLine.Mentions(Path.GetFileName(dir), text));

    private static Task<bool> Eventually(Func<bool> condition) => Eventually(() => Task.FromResult(condition()));

    // The watchdog polls its owner once a second; a generous deadline keeps a loaded machine from failing the test.
    private static async Task<bool> Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                return false;
            await Task.Delay(100);
        }

        return true;
    }
}
