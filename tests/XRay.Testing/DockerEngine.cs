using Docker.DotNet;
using DotNet.Testcontainers.Configurations;

namespace XRay.Testing;

/// <summary>
/// The Docker engine the test servers may run in, found once per process. Testcontainers reads its environment once,
/// so this class prepares it before any Testcontainers type is touched: it speaks the engine's API version when the
/// engine is older than the 1.44 Testcontainers asks for (Debian's docker.io speaks 1.41), and turns the Ryuk reaper
/// off (its image may not be pullable; the fixtures remove their containers themselves and sweep those of dead runs).
/// </summary>
/// <remarks>
/// <c>XRAYDATA_TEST_DOCKER</c>: unset to use Docker when an engine answers, <c>required</c> to fail when none does,
/// <c>off</c> to never use it.
/// </remarks>
public static class DockerEngine
{
    /// <summary>The variable that requires or forbids Docker.</summary>
    public const string Variable = "XRAYDATA_TEST_DOCKER";

    private const string ApiVersionVariable = "DOCKER_API_VERSION";
    private static readonly Version TestcontainersApi = new(1, 44);
    private static readonly Lazy<Probe> State = new(Find);

    /// <summary>Whether containers can be started: an engine answers and Docker is not turned off.</summary>
    public static bool Answers => State.Value.Endpoint is not null;

    /// <summary>Whether the run must use Docker (<c>XRAYDATA_TEST_DOCKER=required</c>).</summary>
    public static bool Required
        => string.Equals(Environment.GetEnvironmentVariable(Variable), "required", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why no engine is used, when <see cref="Answers"/> is false.</summary>
    public static string Absence => State.Value.Absence ?? "a Docker engine answers";

    /// <summary>A client for the engine, speaking the API version Testcontainers uses.</summary>
    /// <exception cref="InvalidOperationException">No engine answers.</exception>
    public static IDockerClient CreateClient()
        => (State.Value.Endpoint ?? throw new InvalidOperationException($"No Docker engine: {Absence}.")).GetDockerClientBuilder().Build();

    private static Probe Find()
    {
        if (string.Equals(Environment.GetEnvironmentVariable(Variable), "off", StringComparison.OrdinalIgnoreCase))
            return new Probe(null, $"{Variable}=off");
        PrepareTestcontainers();
        var endpoint = TestcontainersSettings.OS.DockerEndpointAuthConfig;
        return endpoint is null
            ? new Probe(null, "no Docker engine answers")
            : new Probe(endpoint, null);
    }

    private static void PrepareTestcontainers()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("TESTCONTAINERS_RYUK_DISABLED")))
            Environment.SetEnvironmentVariable("TESTCONTAINERS_RYUK_DISABLED", "true");
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(ApiVersionVariable)))
            return;
        if (EngineApiVersion() is { } version && version < TestcontainersApi)
            Environment.SetEnvironmentVariable(ApiVersionVariable, version.ToString(2));
    }

    /// <summary>Asks the engine at DOCKER_HOST (or the usual socket) for its API version without naming one.</summary>
    private static Version? EngineApiVersion()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (string.IsNullOrEmpty(host))
        {
            const string socket = "/var/run/docker.sock";
            if (!File.Exists(socket))
                return null;
            host = "unix://" + socket;
        }

        try
        {
            using var client = new DockerClientBuilder().WithEndpoint(new Uri(host)).WithTimeout(TimeSpan.FromSeconds(10)).Build();
            var answer = client.System.GetVersionAsync().GetAwaiter().GetResult();
            return Version.TryParse(answer.APIVersion, out var version) ? version : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or DockerApiException or TimeoutException or TaskCanceledException or IOException or UriFormatException)
        {
            // Testcontainers' own discovery then decides whether an engine answers, and says why not.
            return null;
        }
    }

    private sealed record Probe(IDockerEndpointAuthenticationConfiguration? Endpoint, string? Absence);
}
