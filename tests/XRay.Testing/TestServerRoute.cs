namespace XRay.Testing;

/// <summary>Where a test process found its database server.</summary>
public enum TestServerRoute
{
    /// <summary>A server the user runs, named by a connection-string variable.</summary>
    Configured,

    /// <summary>A container that Testcontainers started on a Docker engine.</summary>
    Container,

    /// <summary>A throwaway server started from the machine's own binaries.</summary>
    Local,
}
