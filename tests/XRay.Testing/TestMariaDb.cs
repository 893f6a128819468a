namespace XRay.Testing;

/// <summary>
/// The MariaDB server of a test process, started on first use and removed when the process exits:
/// <c>XRAYDATA_TEST_MARIADB</c> (a connection string) when set; else a Testcontainers container of
/// <c>XRAYDATA_TEST_MARIADB_IMAGE</c> (default <c>mariadb:10.11</c>) when a Docker engine answers; else a throwaway
/// local server (<see cref="LocalMariaDb"/>). Throws with install instructions when none is possible.
/// </summary>
public static class TestMariaDb
{
    /// <summary>The variable holding the connection string of a server the user runs.</summary>
    public const string Variable = "XRAYDATA_TEST_MARIADB";

    /// <summary>The variable naming the image for the container.</summary>
    public const string ImageVariable = "XRAYDATA_TEST_MARIADB_IMAGE";

    /// <summary>The image when <see cref="ImageVariable"/> is unset: the official one, the version Debian 12 ships.</summary>
    public const string DefaultImage = "mariadb:10.11";

    private static readonly Lazy<TestServer> Chosen = new(
        () => TestServer.Choose("MariaDB", Variable, ImageVariable, DefaultImage, MariaDbContainer.Start, LocalMariaDb.Start));

    /// <summary>The test user's connection string, on the <c>xraydata</c> database.</summary>
    public static string ConnectionString => Chosen.Value.ConnectionString;

    /// <summary>The server that was chosen, and how.</summary>
    public static TestServer Server => Chosen.Value;
}
