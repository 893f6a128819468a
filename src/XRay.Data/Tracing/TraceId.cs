using System.Globalization;

namespace XRay.Data;

/// <summary>
/// An X-Ray trace id, <c>1-{8 hex digits of epoch seconds}-{24 hex digits of randomness}</c>.
/// </summary>
public readonly record struct TraceId
{
    /// <summary>Builds a trace id from its parts.</summary>
    internal TraceId(uint epochSeconds, uint randomHigh, ulong randomLow)
    {
        EpochSeconds = epochSeconds;
        RandomHigh = randomHigh;
        RandomLow = randomLow;
    }

    /// <summary>The time the trace began, in seconds since the Unix epoch.</summary>
    internal uint EpochSeconds { get; }

    /// <summary>The upper 32 of the 96 random bits.</summary>
    internal uint RandomHigh { get; }

    /// <summary>The lower 64 of the 96 random bits.</summary>
    internal ulong RandomLow { get; }

    /// <summary>The length of the text form.</summary>
    public const int Length = 35;

    /// <summary>A new trace id stamped with the current time and 96 bits from a secure random source.</summary>
    public static TraceId NewId()
    {
        var seconds = (uint)(Clock.NowMicroseconds / 1_000_000);
        return new TraceId(seconds, (uint)SecureRandom.NextUInt64(), SecureRandom.NextUInt64());
    }

    /// <summary>Parses the text form; never throws.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out TraceId id)
    {
        id = default;
        if (text.Length != Length || text[0] != '1' || text[1] != '-' || text[10] != '-')
            return false;
        if (!TryHex(text.Slice(2, 8), out var seconds)
            || !TryHex(text.Slice(11, 8), out var high)
            || !TryHex(text.Slice(19, 16), out var low))
            return false;
        id = new TraceId((uint)seconds, (uint)high, low);
        return true;
    }

    private static bool TryHex(ReadOnlySpan<char> digits, out ulong value)
    {
        // ulong.TryParse accepts surrounding white space; an id must not contain any.
        foreach (var c in digits)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                value = 0;
                return false;
            }
        }

        return ulong.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Writes the text form as UTF-8 into a buffer of at least <see cref="Length"/> bytes.</summary>
    public bool TryFormat(Span<byte> utf8, out int written)
    {
        written = 0;
        if (utf8.Length < Length)
            return false;
        utf8[0] = (byte)'1';
        utf8[1] = (byte)'-';
        EpochSeconds.TryFormat(utf8[2..], out _, "x8", CultureInfo.InvariantCulture);
        utf8[10] = (byte)'-';
        RandomHigh.TryFormat(utf8[11..], out _, "x8", CultureInfo.InvariantCulture);
        RandomLow.TryFormat(utf8[19..], out _, "x16", CultureInfo.InvariantCulture);
        written = Length;
        return true;
    }

    /// <inheritdoc />
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"1-{EpochSeconds:x8}-{RandomHigh:x8}{RandomLow:x16}");
}
