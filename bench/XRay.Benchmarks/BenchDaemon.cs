using System.Net;
using System.Net.Sockets;
using XRay.Data;

namespace XRay.Benchmarks;

/// <summary>
/// A bound UDP socket that is never read, standing in for a daemon: datagrams are accepted and dropped, so the
/// receiving side costs the benchmark nothing. Recorders made here send to it.
/// </summary>
internal sealed class BenchDaemon : IDisposable
{
    private readonly Socket sink = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly List<XRayRecorder> recorders = [];

    public BenchDaemon()
    {
        sink.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Address = new DaemonAddress("127.0.0.1", ((IPEndPoint)sink.LocalEndPoint!).Port);
    }

    public DaemonAddress Address { get; }

    /// <summary>A recorder whose new traces are sampled at <paramref name="rate"/> (no reservoir).</summary>
    public XRayRecorder Recorder(double rate = 1.0)
    {
        var recorder = new XRayRecorder(new XRayRecorderOptions
        {
            DaemonAddress = Address,
            SamplingRules = new SamplingRules(new SamplingRule(fixedTarget: 0, rate: rate)),
            // A benchmark ends segments far faster than any sender can take them; a short queue keeps the backlog,
            // and the garbage collections it would cause at no real request rate, out of the per-call figures.
            // What does not fit is dropped and counted, as in production.
            QueueCapacity = 64,
        });
        recorders.Add(recorder);
        return recorder;
    }

    public void Dispose()
    {
        foreach (var recorder in recorders)
            recorder.Dispose();
        sink.Dispose();
    }
}
