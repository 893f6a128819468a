using XRay.Testing;

namespace XRay.Testing.Tests;

/// <summary>
/// A test that needs a Docker engine. Without one it is reported as skipped, with the reason, unless the run requires
/// Docker (<c>XRAYDATA_TEST_DOCKER=required</c>, as .ci/run sets it), where it runs and fails.
/// </summary>
public sealed class DockerFactAttribute : FactAttribute
{
    /// <summary>Probes the engine once per process.</summary>
    public DockerFactAttribute()
    {
        if (!DockerEngine.Answers && !DockerEngine.Required)
            Skip = $"Needs a Docker engine: {DockerEngine.Absence}.";
    }
}
