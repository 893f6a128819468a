namespace XRay.Data.Tests.Recording;

/// <summary>
/// Tests that listen to the process-wide <c>XRay.Data</c> activity source: run alone, since a listener changes what
/// every other test's commands do (they become Activities instead of missing their segment).
/// </summary>
[CollectionDefinition(nameof(ActivityCollection), DisableParallelization = true)]
public sealed class ActivityCollection;
