namespace XRay.Data.Tests.Conformance;

/// <summary>How the traced run of a probe is traced: recording must never change what the application sees.</summary>
public enum TraceMode
{
    /// <summary>A sampled segment is current: every call is recorded.</summary>
    Recording,

    /// <summary>
    /// A sampled segment is current and every option that records more is on: successful opens, raw query text, a
    /// filter that reads the command, and an enrich hook that throws.
    /// </summary>
    RecordingEverything,

    /// <summary>An unsampled segment is current: the wrappers take their cheap path.</summary>
    Unsampled,

    /// <summary>No segment is current: the context-missing strategy (log an error) applies.</summary>
    NoSegment,
}
