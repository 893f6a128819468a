using XRay.Testing;

namespace XRay.Data.Tests.Conformance;

/// <summary>Every probe on Microsoft.Data.Sqlite and on the traced factory over it, through ADO.NET's sync methods or its async ones.</summary>
public abstract class SqliteConformanceTests(SyncOrAsync mode)
{
    public static TheoryData<string> ProbeNames => Probes.NamesFor(ProviderUnderTest.Sqlite);

    [Theory]
    [MemberData(nameof(ProbeNames))]
    public Task Traced_objects_behave_as_the_provider(string probe)
        => Differential.AssertTracedBehavesAsProviderAsync(ProviderUnderTest.Sqlite, mode, probe);
}

public sealed class SqliteConformanceTestsSync() : SqliteConformanceTests(SyncOrAsync.Sync);

public sealed class SqliteConformanceTestsAsync() : SqliteConformanceTests(SyncOrAsync.Async);
