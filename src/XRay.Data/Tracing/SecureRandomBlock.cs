using System.Buffers.Binary;
using System.Security.Cryptography;

namespace XRay.Data;

/// <summary>One thread's block of secure random bytes for <see cref="SecureRandom"/>, refilled when used up.</summary>
internal sealed class SecureRandomBlock
{
    private const int Size = 4096;

    private readonly byte[] bytes = new byte[Size];
    private int offset = Size;

    /// <summary>The next 8 bytes as a number; the block is filled on the first call and again after every 512 values.</summary>
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
