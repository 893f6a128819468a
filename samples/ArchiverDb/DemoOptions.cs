using XRay.Data;

namespace ArchiverDb;

/// <summary>How the demo runs.</summary>
public sealed class DemoOptions
{
    /// <summary>The PostgreSQL server; <c>XRAYDATA_POSTGRES</c> or a throwaway local cluster when null.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>The database the archive lives in; created when missing.</summary>
    public string Database { get; init; } = "archiverdb";

    /// <summary>A real X-Ray daemon to send to; null prints the traces from a local receiver instead.</summary>
    public DaemonAddress? Daemon { get; init; }

    /// <summary>Where the services listen; port 0 picks a free one.</summary>
    public string Urls { get; init; } = "http://127.0.0.1:0";

    /// <summary>Keep serving after the demo requests, printing each new trace, until cancelled.</summary>
    public bool Serve { get; init; }

    /// <summary>Print each datagram as it was sent (header line and JSON document) instead of the trees.</summary>
    public bool Json { get; init; }
}
