using BenchmarkDotNet.Attributes;
using XRay.Data;

namespace XRay.Benchmarks;

/// <summary>Writing a segment that holds 20 sql subsegments as one daemon datagram.</summary>
[MemoryDiagnoser]
public class SerializationBenchmarks
{
    private readonly SegmentSerializer serializer = new();
    private BenchDaemon daemon = null!;
    private XRayRecorder recorder = null!;
    private Segment segment = null!;

    [GlobalSetup]
    public void Setup()
    {
        daemon = new BenchDaemon();
        recorder = daemon.Recorder();
        segment = recorder.BeginSegment("archiver");
        segment.Http = new HttpData { Method = "GET", Url = "http://127.0.0.1:5000/archive?status=200", Status = 200, ClientIp = "127.0.0.1", UserAgent = "bench" };
        for (var i = 0; i < 20; i++)
        {
            var sub = recorder.BeginSubsegment("archive@127.0.0.1");
            sub.Namespace = "remote";
            sub.Sql = new SqlData
            {
                ConnectionString = "Host=127.0.0.1;Port=5432;Database=archive;Username=archiver",
                SanitizedQuery = "SELECT a.id, a.status, a.body FROM archived_responses AS a WHERE a.status = $1 LIMIT ?",
                DatabaseType = "PostgreSQL",
                DatabaseVersion = "15.8",
                DriverVersion = "Npgsql 10.0.0",
                User = "archiver",
                Preparation = "statement",
            };
            sub.Dispose();
        }

        segment.Dispose();
    }

    [GlobalCleanup]
    public void Cleanup() => daemon.Dispose();

    [Benchmark]
    public int Serialize_20_sql_subsegments() => serializer.Serialize(segment, streamed: false).Length;
}
