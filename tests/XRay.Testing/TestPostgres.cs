namespace XRay.Testing;

/// <summary>
/// The PostgreSQL server of a test run: <c>XRAYDATA_TEST_POSTGRES</c> when set, else one local cluster started on
/// first use and removed when the test process exits. Throws with install instructions when neither is possible.
/// </summary>
public static class TestPostgres
{
    private static readonly Lazy<string> Server = new(() => LocalPostgres.ConnectionStringFrom("XRAYDATA_TEST_POSTGRES"));

    /// <summary>The superuser connection string.</summary>
    public static string ConnectionString => Server.Value;
}
