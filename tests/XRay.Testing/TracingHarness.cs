using XRay.Data;

namespace XRay.Testing;

/// <summary>A recorder that samples everything and sends to its own <see cref="DaemonReceiver"/>.</summary>
public sealed class TracingHarness : IAsyncDisposable
{
    // Flushed datagrams travel over loopback only: a moment is plenty for the receiver to see one.
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromMilliseconds(250);

    /// <summary>Creates the receiver and a recorder pointed at it.</summary>
    public TracingHarness(Action<XRayRecorderOptions>? configure = null)
    {
        Receiver = new DaemonReceiver();
        var options = new XRayRecorderOptions
        {
            DaemonAddress = new DaemonAddress("127.0.0.1", Receiver.Port),
            SamplingRules = new SamplingRules(new SamplingRule(fixedTarget: 0, rate: 1.0)),
        };
        configure?.Invoke(options);
        Recorder = new XRayRecorder(options);
    }

    /// <summary>The receiving end.</summary>
    public DaemonReceiver Receiver { get; }

    /// <summary>The recorder under test.</summary>
    public XRayRecorder Recorder { get; }

    /// <summary>Flushes the recorder and waits for <paramref name="count"/> segments.</summary>
    public async Task<IReadOnlyList<ReceivedEntity>> SegmentsAsync(int count = 1)
    {
        await Recorder.FlushAsync();
        return await Receiver.WaitForSegmentsAsync(count);
    }

    /// <summary>
    /// Fails unless nothing at all was sent: flushes the recorder first, so that nothing still queued can slip past,
    /// then gives the receiver a quiet period measured from this call.
    /// </summary>
    /// <exception cref="InvalidOperationException">Something arrived.</exception>
    public async Task AssertNothingSentAsync()
    {
        await Recorder.FlushAsync();
        await Task.Delay(QuietPeriod);
        var received = Receiver.Datagrams;
        if (received.Count > 0)
            throw new InvalidOperationException($"Expected nothing sent, but {received.Count} datagram(s) arrived:\n{Receiver.AllText()}");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Recorder.DisposeAsync();
        Receiver.Dispose();
    }
}
