using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using XRay.Data;

namespace XRay.Benchmarks;

/// <summary>
/// The sender's work for one streamed <c>sql</c> subsegment, part by part: writing its datagram, and handing a
/// datagram of that size to the kernel through a connected UDP socket or by address on every send.
/// </summary>
[MemoryDiagnoser]
public class StreamedDatagramBenchmarks
{
    private readonly SegmentSerializer serializer = new();
    private BenchDaemon daemon = null!;
    private XRayRecorder recorder = null!;
    private Subsegment subsegment = null!;
    private byte[] datagram = null!;
    private Socket connected = null!;
    private Socket unconnected = null!;
    private IPEndPoint target = null!;

    [GlobalSetup]
    public void Setup()
    {
        daemon = new BenchDaemon();
        recorder = daemon.Recorder();
        using (recorder.BeginSegment("bench"))
        {
            subsegment = recorder.BeginSubsegment("archive@127.0.0.1");
            subsegment.Sql = new SqlData
            {
                ConnectionString = "Host=127.0.0.1;Port=5432;Database=archive;Username=archiver",
                SanitizedQuery = "SELECT 1",
                DatabaseType = "PostgreSQL",
                DatabaseVersion = "15.8",
                DriverVersion = "Npgsql 10.0.3",
                User = "archiver",
                Preparation = "statement",
            };
            subsegment.Namespace = "remote";
            subsegment.End();
        }

        datagram = serializer.Serialize(subsegment, streamed: true).ToArray();
        target = new IPEndPoint(IPAddress.Loopback, daemon.Address.UdpPort);
        connected = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        connected.Connect(target);
        unconnected = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        connected.Dispose();
        unconnected.Dispose();
        daemon.Dispose();
    }

    [Benchmark]
    public int Serialize_streamed_sql_subsegment() => serializer.Serialize(subsegment, streamed: true).Length;

    [Benchmark]
    public int Send_on_a_connected_socket() => connected.Send(datagram, SocketFlags.None);

    [Benchmark]
    public int Send_to_an_address() => unconnected.SendTo(datagram, SocketFlags.None, target);
}
