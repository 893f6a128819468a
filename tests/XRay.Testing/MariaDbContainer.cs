using System.Text;
using DotNet.Testcontainers.Builders;

namespace XRay.Testing;

/// <summary>
/// MariaDB in a Testcontainers-managed container: the official <c>mariadb</c> image where it can be pulled, or an
/// image with the same contract (tests/docker/build-mariadb-image.sh builds one from Debian's packages). A generic
/// container rather than Testcontainers.MySql: that module waits with the <c>mysql</c> client, which newer mariadb
/// images no longer ship, and speaks the MYSQL_ variables only.
/// </summary>
public static class MariaDbContainer
{
    private const int MariaDbPort = 3306;

    /// <summary>Starts a container of <paramref name="image"/> with the same test user, password and database as <see cref="LocalMariaDb"/>.</summary>
    public static ServerContainer Start(string image)
    {
        var builder = new ContainerBuilder(image)
            .WithPortBinding(MariaDbPort, assignRandomHostPort: true)
            .WithEnvironment("MARIADB_ROOT_PASSWORD", LocalMariaDb.Password)
            .WithResourceMapping(Encoding.UTF8.GetBytes(LocalMariaDb.SetupSql), "/docker-entrypoint-initdb.d/xraydata.sql")
            .WithCommand("--innodb-flush-log-at-trx-commit=0", "--max-connections=300")
            // The server opens its TCP port only after the first start's setup, so a ping over TCP means ready.
            .WithWaitStrategy(Wait.ForUnixContainer().UntilCommandIsCompleted(
                "mariadb-admin", "ping", "--protocol=TCP", "--host=127.0.0.1", "--silent"));
        return ServerContainer.Start(builder, "mariadb", MariaDbPort, "/var/lib/mysql", LocalMariaDb.ConnectionStringFor);
    }
}
