namespace XRay.Data.Tests.Tracing;

/// <summary>Tests that measure the process's memory, run after the others and alone so nothing else allocates meanwhile.</summary>
[CollectionDefinition(nameof(AloneCollection), DisableParallelization = true)]
public sealed class AloneCollection;
