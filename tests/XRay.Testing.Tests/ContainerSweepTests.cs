using Docker.DotNet;
using Docker.DotNet.Models;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using Microsoft.Extensions.Logging.Abstractions;
using XRay.Testing;

namespace XRay.Testing.Tests;

public sealed class ContainerSweepTests
{
    [DockerFact]
    public async Task Sweep_removes_the_containers_and_networks_of_dead_runs_and_nothing_else()
    {
        using var client = DockerEngine.CreateClient();
        var killed = DeadOwner.Killed();
        var otherMachine = new Dictionary<string, string>(ContainerLabels.For("postgres", killed)) { [ContainerLabels.Host] = "another-machine" };
        var foreign = new Dictionary<string, string> { ["org.example.service"] = "not-ours" };

        var staleKilled = await StartSleeper(ContainerLabels.For("postgres", killed));
        var staleReused = await StartSleeper(ContainerLabels.For("mariadb", DeadOwner.WithReusedPid()));
        var live = await StartSleeper(ContainerLabels.For("postgres"));
        var elsewhere = await StartSleeper(otherMachine);
        var notOurs = await StartSleeper(foreign);
        var staleNetwork = await CreateNetwork(client, ContainerLabels.For("postgres", killed));
        var foreignNetwork = await CreateNetwork(client, foreign);
        try
        {
            // The first container this process starts sweeps too, so the stale ones may be gone by either sweep.
            var removed = await ContainerSweep.RemoveAbandonedAsync(client);

            await Assert.ThrowsAsync<DockerContainerNotFoundException>(() => client.Containers.InspectContainerAsync(staleKilled));
            await Assert.ThrowsAsync<DockerContainerNotFoundException>(() => client.Containers.InspectContainerAsync(staleReused));
            await Assert.ThrowsAsync<DockerNetworkNotFoundException>(() => client.Networks.InspectNetworkAsync(staleNetwork));
            foreach (var kept in new[] { live, elsewhere, notOurs })
            {
                Assert.DoesNotContain(kept, removed);
                Assert.True((await client.Containers.InspectContainerAsync(kept)).State?.Running);
            }

            Assert.DoesNotContain(foreignNetwork, removed);
            Assert.NotNull(await client.Networks.InspectNetworkAsync(foreignNetwork));
        }
        finally
        {
            foreach (var id in new[] { staleKilled, staleReused, live, elsewhere, notOurs })
                await RemoveIfPresent(() => client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }));
            foreach (var id in new[] { staleNetwork, foreignNetwork })
                await RemoveIfPresent(() => client.Networks.DeleteNetworkAsync(id));
        }
    }

    // A container left running, as a killed test host leaves its server; Testcontainers is not asked to remove it.
    private static async Task<string> StartSleeper(IReadOnlyDictionary<string, string> labels)
    {
        var image = Environment.GetEnvironmentVariable(TestPostgres.ImageVariable) is { Length: > 0 } named ? named : TestPostgres.DefaultImage;
        IContainer container = new ContainerBuilder(image)
            .WithEntrypoint("sleep")
            .WithCommand("300")
            .WithLabel(labels)
            .WithLogger(NullLogger.Instance)
            .Build();
        await container.StartAsync();
        return container.Id;
    }

    private static async Task RemoveIfPresent(Func<Task> remove)
    {
        try
        {
            await remove();
        }
        catch (DockerApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // The sweep removed it, as it should have.
        }
    }

    private static async Task<string> CreateNetwork(IDockerClient client, IReadOnlyDictionary<string, string> labels)
    {
        var created = await client.Networks.CreateNetworkAsync(new NetworksCreateParameters
        {
            Name = "xraydata-sweep-test-" + Guid.NewGuid().ToString("N")[..12],
            Labels = labels.ToDictionary(),
            Internal = true,
        });
        return created.ID;
    }
}
