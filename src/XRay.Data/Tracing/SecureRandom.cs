using System.Buffers.Binary;
using System.Security.Cryptography;

namespace XRay.Data;

/// <summary>
/// Random 64-bit values from the operating system's secure generator, drawn in blocks per thread so that an id
/// costs a few nanoseconds and no allocation instead of a system call each.
/// </summary>
internal static class SecureRandom
{
    // One thread-static object rather than a buffer and an offset apart: each thread static is its own lookup.
    [ThreadStatic]
    private static Block? current;

    public static ulong NextUInt64() => (current ??= new Block()).Next();

    private sealed class Block
    {
        private const int Size = 4096;

        private readonly byte[] bytes = new byte[Size];
        private int offset = Size;

        public ulong Next()
        {
            if (offset > Size - sizeof(ulong))
            {
                RandomNumberGenerator.Fill(bytes);
                offset = 0;
            }

            var value = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(offset));
            offset += sizeof(ulong);
            return value;
        }
    }
}
