namespace XRay.Data;

/// <summary>Wall-clock time as X-Ray wants it: microseconds since the Unix epoch.</summary>
internal static class Clock
{
    private const long UnixEpochTicks = 621_355_968_000_000_000;

    /// <summary>Now, in microseconds since 1970-01-01T00:00:00Z.</summary>
    public static long NowMicroseconds => (DateTime.UtcNow.Ticks - UnixEpochTicks) / 10;
}
