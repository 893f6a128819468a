namespace XRay.Data;

/// <summary>
/// Random 64-bit values from the operating system's secure generator, drawn in blocks per thread so that an id
/// costs a few nanoseconds and no allocation instead of a system call each.
/// </summary>
internal static class SecureRandom
{
    // One thread-static object rather than a buffer and an offset apart: each thread static is its own lookup.
    [ThreadStatic]
    private static SecureRandomBlock? current;

    public static ulong NextUInt64() => (current ??= new SecureRandomBlock()).Next();
}
