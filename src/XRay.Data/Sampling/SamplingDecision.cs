namespace XRay.Data;

/// <summary>Whether a trace is recorded, as carried by the <c>Sampled</c> key of the trace header.</summary>
public enum SamplingDecision
{
    /// <summary>No decision yet (<c>Sampled=?</c> or absent): the local sampler decides.</summary>
    Unknown,

    /// <summary><c>Sampled=1</c>: recorded and sent to the daemon.</summary>
    Sampled,

    /// <summary><c>Sampled=0</c>: propagated, but nothing is recorded or sent.</summary>
    NotSampled,
}
