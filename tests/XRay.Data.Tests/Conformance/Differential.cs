using System.Data.Common;
using System.Text;
using XRay.Testing;

namespace XRay.Data.Tests.Conformance;

/// <summary>
/// Runs a probe on the provider's own factory, then on a traced factory over it with a sampled segment current, with
/// an unsampled one and with none, and fails on the first line where a traced transcript differs from the provider's.
/// </summary>
internal static class Differential
{
    // A probe waits on a server only for what it cancels itself; this bounds a hang, it times nothing.
    private static readonly TimeSpan HangLimit = TimeSpan.FromMinutes(1);

    public static async Task AssertTracedBehavesAsProviderAsync(ProviderUnderTest provider, SyncOrAsync mode, string probeName)
    {
        var probe = Probes.Named(probeName);
        var expected = await RunAsync(provider.Factory, provider, mode, probe);
        Assert.NotEmpty(expected);

        var logger = new ListLogger();
        await using var harness = new TracingHarness(options => options.Logger = logger);
        foreach (var traceMode in Enum.GetValues<TraceMode>())
        {
            var traced = new TracedDbProviderFactory(provider.Factory, harness.Recorder, traceMode == TraceMode.RecordingEverything ? Everything : null);
            IReadOnlyList<string> actual;
            using (Begin(harness.Recorder, traceMode))
                actual = await RunAsync(traced, provider, mode, probe);
            AssertSame(expected, actual, provider.KeptDifferences, $"{probeName} on {provider} ({mode}), traced with {traceMode}");
        }

        // What the recording runs sent are segments the daemon accepts, whatever the probe did to its objects.
        await harness.Recorder.FlushAsync();
        var deadline = Environment.TickCount64 + 10_000;
        while (harness.Receiver.Segments().Count < 2 && harness.Receiver.Rejected.Count == 0 && Environment.TickCount64 < deadline)
            await Task.Delay(5);
        Assert.Empty(harness.Receiver.Rejected);
        Assert.Equal(2, harness.Receiver.Segments().Count);
    }

    private static TracedDbOptions Everything => new()
    {
        TraceConnectionOpen = true,
        QueryCapture = QueryCapture.Raw,
        Filter = call => call.CommandText?.Length != -1,
        Enrich = (_, _) => throw new InvalidOperationException("An enrich hook that fails must not reach the application."),
    };

    private static Segment? Begin(XRayRecorder recorder, TraceMode traceMode) => traceMode switch
    {
        TraceMode.Recording or TraceMode.RecordingEverything => recorder.BeginSegment("conformance"),
        TraceMode.Unsampled => recorder.BeginSegment("conformance", new TraceHeader(TraceId.NewId(), null, SamplingDecision.NotSampled)),
        _ => null,
    };

    private static async Task<IReadOnlyList<string>> RunAsync(DbProviderFactory factory, ProviderUnderTest provider, SyncOrAsync mode, Func<ProbeContext, Task> probe)
    {
        using var context = new ProbeContext(factory, provider, mode);
        context.Log.Name(factory, "factory");
        try
        {
            await probe(context).WaitAsync(HangLimit);
        }
        catch (TimeoutException)
        {
            throw;
        }
#pragma warning disable CA1031 // A probe that ends by an exception is compared like any other outcome.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            context.Log.Note("probe ended by", ex.GetType().FullName + ": " + ex.Message);
        }

        return [.. context.Log.Lines];
    }

    private static void AssertSame(IReadOnlyList<string> expected, IReadOnlyList<string> actual, IReadOnlyList<(string Provider, string Traced)> kept, string what)
    {
        var first = 0;
        while (first < expected.Count && first < actual.Count && (expected[first] == actual[first] || kept.Contains((expected[first], actual[first]))))
            first++;
        if (first == expected.Count && first == actual.Count)
            return;

        var message = new StringBuilder();
        message.AppendLine($"{what}: line {first + 1} differs.");
        message.AppendLine($"  provider: {(first < expected.Count ? expected[first] : "(end)")}");
        message.AppendLine($"  traced:   {(first < actual.Count ? actual[first] : "(end)")}");
        message.AppendLine("Provider transcript:");
        foreach (var line in expected)
            message.Append("  ").AppendLine(line);
        message.AppendLine("Traced transcript:");
        foreach (var line in actual)
            message.Append("  ").AppendLine(line);
        Assert.Fail(message.ToString());
    }
}
