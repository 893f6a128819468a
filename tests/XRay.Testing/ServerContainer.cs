using Docker.DotNet;
using Docker.DotNet.Models;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;
using Microsoft.Extensions.Logging.Abstractions;

namespace XRay.Testing;

/// <summary>
/// A database server in a Testcontainers-managed container: labelled as ours, its port published on 127.0.0.1 only,
/// its data on a tmpfs (nothing to write to disk, no anonymous volume left behind), removed on dispose.
/// </summary>
public sealed class ServerContainer : IDisposable
{
    private static readonly Lazy<Task> Sweep = new(SweepOnceAsync);

    // One watchdog for all of this process's containers, in place before the first is created.
    private static readonly Lazy<bool> Guarded = new(() =>
    {
        Watchdog.GuardContainers(Environment.ProcessId, OwnerProcess.Current);
        return true;
    });

    private readonly IContainer container;
    private int disposed;

    private ServerContainer(IContainer container, int port, string connectionString)
    {
        this.container = container;
        Port = port;
        ConnectionString = connectionString;
    }

    /// <summary>The Docker container id.</summary>
    public string Id => container.Id;

    /// <summary>The image the container runs.</summary>
    public string Image => container.Image.FullName;

    /// <summary>The port on 127.0.0.1 that reaches the server.</summary>
    public int Port { get; }

    /// <summary>A connection string for the server's test user.</summary>
    public string ConnectionString { get; }

    /// <summary>Removes the container and its volumes at once.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
            return;
        container.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>
    /// Sweeps the containers of dead runs and sets a watchdog on this process's (once per process), then builds and
    /// starts the container the builder describes, with our labels, loopback publishing and tmpfs data folder.
    /// </summary>
    internal static ServerContainer Start<TBuilder, TContainer, TConfiguration>(
        IContainerBuilder<TBuilder, TContainer, TConfiguration> builder, string role, int containerPort, string dataFolder,
        Func<int, string> connectionString)
        where TBuilder : IContainerBuilder<TBuilder, TContainer, TConfiguration>
        where TContainer : IContainer
        where TConfiguration : IContainerConfiguration
    {
        Sweep.Value.GetAwaiter().GetResult();
        _ = Guarded.Value;
        var container = builder
            .WithLabel(ContainerLabels.For(role))
            .WithTmpfsMount(dataFolder)
            .WithCreateParameterModifier(PublishOnLoopbackOnly)
            .WithLogger(NullLogger.Instance)
            .Build();
        try
        {
            container.StartAsync().GetAwaiter().GetResult();
            var port = container.GetMappedPublicPort(containerPort);
            return new ServerContainer(container, port, connectionString(port));
        }
        catch
        {
            container.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    private static async Task SweepOnceAsync()
    {
        try
        {
            using var client = DockerEngine.CreateClient();
            await ContainerSweep.RemoveAbandonedAsync(client);
        }
        catch (Exception ex) when (ex is DockerApiException or HttpRequestException or IOException)
        {
            // Leftovers of dead runs must not stop this one; the next run's sweep tries again.
            Console.Error.WriteLine($"Could not remove the containers of earlier test runs: {ex.Message}");
        }
    }

    // Docker publishes on every interface unless told otherwise; a test server is for this machine only.
    private static void PublishOnLoopbackOnly(CreateContainerParameters parameters)
    {
        foreach (var bindings in parameters.HostConfig?.PortBindings?.Values ?? [])
        {
            foreach (var binding in bindings)
                binding.HostIP = "127.0.0.1";
        }
    }
}
