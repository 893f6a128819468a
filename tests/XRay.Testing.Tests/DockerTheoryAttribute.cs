using XRay.Testing;

namespace XRay.Testing.Tests;

/// <summary>A theory that needs a Docker engine; skipped with the reason as <see cref="DockerFactAttribute"/> is.</summary>
public sealed class DockerTheoryAttribute : TheoryAttribute
{
    /// <summary>Probes the engine once per process.</summary>
    public DockerTheoryAttribute()
    {
        if (!DockerEngine.Answers && !DockerEngine.Required)
            Skip = $"Needs a Docker engine: {DockerEngine.Absence}.";
    }
}
