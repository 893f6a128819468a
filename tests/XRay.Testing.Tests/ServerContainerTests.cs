using System.Data.Common;
using Docker.DotNet;
using MySqlConnector;
using Npgsql;
using XRay.Testing;

namespace XRay.Testing.Tests;

public sealed class ServerContainerTests
{
    public static TheoryData<string> Servers => ["postgres", "mariadb"];

    [DockerTheory]
    [MemberData(nameof(Servers))]
    public async Task A_container_is_labelled_published_on_loopback_and_removed_on_dispose(string role)
    {
        using var client = DockerEngine.CreateClient();
        var container = role == "postgres"
            ? PostgresContainer.Start(Image(TestPostgres.ImageVariable, TestPostgres.DefaultImage))
            : MariaDbContainer.Start(Image(TestMariaDb.ImageVariable, TestMariaDb.DefaultImage));
        var id = container.Id;
        try
        {
            var inspected = await client.Containers.InspectContainerAsync(id);
            var labels = inspected.Config?.Labels;
            Assert.NotNull(labels);
            Assert.Equal(role, labels[ContainerLabels.Role]);
            Assert.Equal(OwnerProcess.Current, labels[ContainerLabels.Owner]);
            Assert.Equal(Environment.MachineName, labels[ContainerLabels.Host]);
            var ports = inspected.NetworkSettings?.Ports;
            Assert.NotNull(ports);
            var bindings = Assert.Single(ports.Values, b => b is not null);
            Assert.All(bindings, binding => Assert.Equal("127.0.0.1", binding.HostIP));
            Assert.DoesNotContain(inspected.Mounts ?? [], mount => mount.Type == "volume");

            await using DbConnection connection = role == "postgres"
                ? new NpgsqlConnection(container.ConnectionString)
                : new MySqlConnection(container.ConnectionString);
            await connection.OpenAsync();
            Assert.NotEmpty(connection.ServerVersion);
        }
        finally
        {
            container.Dispose();
        }

        await Assert.ThrowsAsync<DockerContainerNotFoundException>(() => client.Containers.InspectContainerAsync(id));
    }

    private static string Image(string variable, string defaultImage)
        => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } image ? image : defaultImage;
}
