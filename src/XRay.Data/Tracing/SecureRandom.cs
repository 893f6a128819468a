using System.Buffers.Binary;
using System.Security.Cryptography;

namespace XRay.Data;

/// <summary>
/// Random 64-bit values from the operating system's secure generator, drawn in blocks per thread so that an id
/// costs a few nanoseconds and no allocation instead of a system call each.
/// </summary>
internal static class SecureRandom
{
    private const int BlockSize = 4096;

    [ThreadStatic]
    private static byte[]? block;

    [ThreadStatic]
    private static int offset;

    public static ulong NextUInt64()
    {
        var bytes = block;
        if (bytes is null || offset > BlockSize - sizeof(ulong))
        {
            bytes = block ??= new byte[BlockSize];
            RandomNumberGenerator.Fill(bytes);
            offset = 0;
        }

        var value = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(offset));
        offset += sizeof(ulong);
        return value;
    }
}
