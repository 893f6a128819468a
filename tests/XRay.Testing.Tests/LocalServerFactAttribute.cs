using XRay.Testing;

namespace XRay.Testing.Tests;

/// <summary>
/// A test of the local servers themselves. A machine with Docker needs no server binaries, so there it is reported as
/// skipped, with the reason, when they are missing; without Docker the test databases need them, and it runs.
/// </summary>
public sealed class LocalServerFactAttribute : FactAttribute
{
    /// <summary>Checks for the binaries of <paramref name="server"/> (<c>postgres</c> or <c>mariadb</c>).</summary>
    public LocalServerFactAttribute(string server)
    {
        var installed = server == "postgres" ? LocalPostgres.IsInstalled : LocalMariaDb.IsInstalled;
        if (!installed && DockerEngine.Answers)
            Skip = $"The {server} server binaries are not installed; this machine's tests use containers.";
    }
}
