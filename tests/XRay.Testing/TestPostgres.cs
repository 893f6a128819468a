namespace XRay.Testing;

/// <summary>
/// The PostgreSQL server of a test process, started on first use and removed when the process exits:
/// <c>XRAYDATA_TEST_POSTGRES</c> (a connection string) when set; else a Testcontainers container of
/// <c>XRAYDATA_TEST_POSTGRES_IMAGE</c> (default <c>postgres:15</c>) when a Docker engine answers; else a throwaway
/// local cluster (<see cref="LocalPostgres"/>). Throws with install instructions when none is possible.
/// </summary>
public static class TestPostgres
{
    /// <summary>The variable holding the connection string of a server the user runs.</summary>
    public const string Variable = "XRAYDATA_TEST_POSTGRES";

    /// <summary>The variable naming the image for the container.</summary>
    public const string ImageVariable = "XRAYDATA_TEST_POSTGRES_IMAGE";

    /// <summary>The image when <see cref="ImageVariable"/> is unset: the official one.</summary>
    public const string DefaultImage = "postgres:15";

    private static readonly Lazy<TestServer> Chosen = new(
        () => TestServer.Choose("PostgreSQL", Variable, ImageVariable, DefaultImage, PostgresContainer.Start, LocalPostgres.Start));

    /// <summary>The superuser connection string.</summary>
    public static string ConnectionString => Chosen.Value.ConnectionString;

    /// <summary>The server that was chosen, and how.</summary>
    public static TestServer Server => Chosen.Value;
}
