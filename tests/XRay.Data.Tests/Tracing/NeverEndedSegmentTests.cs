using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace XRay.Data.Tests.Tracing;

[Collection(nameof(AloneCollection))]
public sealed class NeverEndedSegmentTests
{
    private const int Total = 100_000;
    private const int Limit = 1_000;

    [Fact]
    public async Task Hundred_thousand_segments_begun_and_never_ended_keep_memory_bounded_and_are_counted()
    {
        // A socket nobody reads stands in for the daemon: the evicted segments' datagrams are not what is measured.
        using var sink = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sink.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var recorder = new XRayRecorder(new XRayRecorderOptions
        {
            DaemonAddress = new DaemonAddress("127.0.0.1", ((IPEndPoint)sink.LocalEndPoint!).Port),
            SamplingRules = new SamplingRules(new SamplingRule(0, 1)),
            MaxOpenSegments = Limit,
            QueueCapacity = 64,
        });

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var segments = BeginAndNeverEnd(recorder);
        await recorder.FlushAsync();
        var after = GC.GetTotalMemory(forceFullCollection: true);

        var retained = segments.Count(segment => segment.IsAlive);
        Assert.InRange(retained, Limit, Limit + 1);
        Assert.Equal(Total - Limit, recorder.Statistics.OpenSegmentsEvicted);
        // Each segment with its subsegment takes about 500 bytes, the weak references 40: all 100,000 kept would be
        // over 50 MB; what is kept, the limit's worth, is well under 10.
        Assert.True(after - before < 10_000_000, $"{(after - before) / 1_000_000.0:F1} MB retained for {retained} segments");
        GC.KeepAlive(segments);
    }

    /// <summary>Begins segments in one flow and ends none of them: each remembers the entity that was current before it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference[] BeginAndNeverEnd(XRayRecorder recorder)
    {
        var segments = new WeakReference[Total];
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = recorder.BeginSegment("never-ended");
            segment.AddAnnotation("i", i);
            recorder.BeginSubsegment("never-ended-either").AddMetadata("payload", "some text worth keeping");
            segments[i] = new WeakReference(segment);
        }

        return segments;
    }
}
