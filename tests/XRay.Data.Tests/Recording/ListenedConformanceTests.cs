using System.Diagnostics;
using XRay.Data.Tests.Conformance;
using XRay.Testing;

namespace XRay.Data.Tests.Recording;

/// <summary>
/// Every SQLite conformance probe with something listening to the <c>XRay.Data</c> source: with Activities on, in a
/// sampled segment, an unsampled one and none, the traced objects still behave as the provider's, and every Activity
/// begun is ended.
/// </summary>
[Collection(nameof(ActivityCollection))]
public sealed class ListenedConformanceTests
{
    public static TheoryData<string> ProbeNames => Probes.NamesFor(ProviderUnderTest.Sqlite);

    [Theory]
    [MemberData(nameof(ProbeNames))]
    public async Task Traced_objects_behave_as_the_provider_while_their_Activities_are_listened_to(string probe)
    {
        var started = 0;
        var stopped = 0;
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SqlRecorder.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = _ => Interlocked.Increment(ref started),
            ActivityStopped = _ => Interlocked.Increment(ref stopped),
        };
        ActivitySource.AddActivityListener(listener);

        foreach (var mode in new[] { SyncOrAsync.Sync, SyncOrAsync.Async })
            await Differential.AssertTracedBehavesAsProviderAsync(ProviderUnderTest.Sqlite, mode, probe);

        Assert.Equal(Volatile.Read(ref started), Volatile.Read(ref stopped));
    }
}
