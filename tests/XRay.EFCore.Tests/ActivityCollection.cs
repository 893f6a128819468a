namespace XRay.EFCore.Tests;

/// <summary>
/// Tests that listen to the process-wide <c>XRay.Data</c> activity source run alone: a listener turns every other
/// test's commands into Activities too.
/// </summary>
[CollectionDefinition(nameof(ActivityCollection), DisableParallelization = true)]
public sealed class ActivityCollection;
