using XRay.Data;

namespace XRay.Benchmarks;

/// <summary>
/// Sampled segments the size of a request: renewed every <see cref="CommandsPerSegment"/> commands, that renewal
/// part of the measured cost, so that each is sent whole, as in an application, instead of streaming one datagram
/// per command. The segment is current on the benchmark's thread from the start.
/// </summary>
internal sealed class RequestSegments : IDisposable
{
    public const int CommandsPerSegment = 50;

    private readonly XRayRecorder recorder;
    private Segment segment;
    private int commands;

    public RequestSegments(XRayRecorder recorder)
    {
        this.recorder = recorder;
        segment = Begin();
    }

    /// <summary>Counts a command, and ends the segment and begins the next once it holds enough.</summary>
    public void CommandDone()
    {
        if (++commands < CommandsPerSegment)
            return;
        commands = 0;
        segment.Dispose();
        segment = Begin();
    }

    public void Dispose() => segment.Dispose();

    private Segment Begin() => recorder.BeginSegment("bench", new TraceHeader(TraceId.NewId(), null, SamplingDecision.Sampled));
}
