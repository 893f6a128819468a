using XRay.Testing;

namespace XRay.Data.Tests.Conformance;

/// <summary>Every probe on Npgsql and on the traced factory over it, through ADO.NET's sync methods or its async ones.</summary>
public abstract class NpgsqlConformanceTests(SyncOrAsync mode)
{
    public static TheoryData<string> ProbeNames => Probes.NamesFor(ProviderUnderTest.Npgsql);

    [Theory]
    [MemberData(nameof(ProbeNames))]
    public Task Traced_objects_behave_as_the_provider(string probe)
        => Differential.AssertTracedBehavesAsProviderAsync(ProviderUnderTest.Npgsql, mode, probe);
}

public sealed class NpgsqlConformanceTestsSync() : NpgsqlConformanceTests(SyncOrAsync.Sync);

public sealed class NpgsqlConformanceTestsAsync() : NpgsqlConformanceTests(SyncOrAsync.Async);
