using Testcontainers.PostgreSql;

namespace XRay.Testing;

/// <summary>
/// PostgreSQL through Testcontainers.PostgreSql: the official <c>postgres</c> image where it can be pulled, or an
/// image with the same contract (tests/docker/build-postgres-image.sh builds one from Debian's packages).
/// </summary>
public static class PostgresContainer
{
    /// <summary>Starts a container of <paramref name="image"/> with the same superuser and password as <see cref="LocalPostgres"/>.</summary>
    public static ServerContainer Start(string image)
    {
        var builder = new PostgreSqlBuilder(image)
            .WithUsername("postgres")
            .WithPassword(LocalPostgres.SuperuserPassword)
            .WithDatabase("postgres")
            .WithCommand("-c", "max_connections=200");
        return ServerContainer.Start(builder, "postgres", PostgreSqlBuilder.PostgreSqlPort, "/var/lib/postgresql/data",
            port => LocalPostgres.ConnectionStringFor(port));
    }
}
