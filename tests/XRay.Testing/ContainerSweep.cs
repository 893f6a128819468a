using Docker.DotNet;
using Docker.DotNet.Models;

namespace XRay.Testing;

/// <summary>
/// Removes the containers and networks of test runs whose process is gone, as <see cref="LocalPostgres"/> removes the
/// folders of killed runs: a test host killed at the end of a run never gets to remove its own. Ryuk would do this
/// while the run lasts, but its image has to be pulled from a registry.
/// </summary>
public static class ContainerSweep
{
    /// <summary>Removes what <see cref="ContainerLabels.IsAbandoned"/> says is abandoned; returns the ids removed.</summary>
    public static async Task<IReadOnlyList<string>> RemoveAbandonedAsync(IDockerClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var ours = new Dictionary<string, IDictionary<string, bool>>(StringComparer.Ordinal)
        {
            ["label"] = new Dictionary<string, bool>(StringComparer.Ordinal) { [ContainerLabels.Role] = true },
        };
        var removed = new List<string>();

        var containers = await client.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = ours }, cancellationToken);
        foreach (var container in containers.Where(c => ContainerLabels.IsAbandoned(c.Labels)))
        {
            try
            {
                await client.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, cancellationToken);
                removed.Add(container.ID);
            }
            catch (DockerContainerNotFoundException)
            {
                // Another run's sweep got there first.
            }
        }

        var networks = await client.Networks.ListNetworksAsync(new NetworksListParameters { Filters = ours }, cancellationToken);
        foreach (var network in networks.Where(n => ContainerLabels.IsAbandoned(n.Labels)))
        {
            try
            {
                await client.Networks.DeleteNetworkAsync(network.ID, cancellationToken);
                removed.Add(network.ID);
            }
            catch (DockerNetworkNotFoundException)
            {
            }
        }

        return removed;
    }
}
