using System.Globalization;

namespace XRay.Data;

/// <summary>The 64-bit id of a segment or subsegment, written as 16 lower-case hex digits.</summary>
public readonly record struct EntityId
{
    /// <summary>Wraps a raw 64-bit value.</summary>
    internal EntityId(ulong value) => Value = value;

    /// <summary>The raw value.</summary>
    internal ulong Value { get; }

    /// <summary>A new id from a secure random source; never zero.</summary>
    public static EntityId NewId()
    {
        ulong value;
        do
        {
            value = SecureRandom.NextUInt64();
        }
        while (value == 0);
        return new EntityId(value);
    }

    /// <summary>Parses exactly 16 hex digits; never throws.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out EntityId id)
    {
        if (text.Length == 16
            && ulong.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            id = new EntityId(value);
            return true;
        }

        id = default;
        return false;
    }

    /// <summary>Writes the 16 hex digits as UTF-8.</summary>
    public bool TryFormat(Span<byte> utf8, out int written)
        => Value.TryFormat(utf8, out written, "x16", CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override string ToString() => Value.ToString("x16", CultureInfo.InvariantCulture);
}
