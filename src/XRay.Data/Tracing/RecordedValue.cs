using System.Globalization;
using System.Text.Json;

namespace XRay.Data;

/// <summary>
/// An annotation or metadata value as it will be written, without boxing: a string, a 64-bit integer, a finite
/// double, a boolean, null, or the UTF-8 JSON of a complex value captured when it was added. JSON has no NaN or
/// infinity, so a double is finite by construction (<see cref="Entity"/> records the others as text).
/// </summary>
internal readonly struct RecordedValue
{
    private readonly object? reference;
    private readonly long bits;

    private RecordedValue(RecordedValueKind kind, object? reference, long bits)
    {
        Kind = kind;
        this.reference = reference;
        this.bits = bits;
    }

    public RecordedValueKind Kind { get; }

    public string Text => (string)reference!;

    public long Integer => bits;

    public double Floating => BitConverter.Int64BitsToDouble(bits);

    public bool Boolean => bits != 0;

    public byte[] Json => (byte[])reference!;

    public static RecordedValue Null => default;

    public static RecordedValue Of(string value) => new(RecordedValueKind.String, value, 0);

    public static RecordedValue Of(long value) => new(RecordedValueKind.Integer, null, value);

    public static RecordedValue Of(bool value) => new(RecordedValueKind.Boolean, null, value ? 1 : 0);

    /// <summary>A finite double; the caller has turned NaN and infinities into text.</summary>
    public static RecordedValue OfFinite(double value) => new(RecordedValueKind.Floating, null, BitConverter.DoubleToInt64Bits(value));

    public static RecordedValue OfJson(byte[] utf8Json) => new(RecordedValueKind.Json, utf8Json, 0);

    /// <summary>
    /// A double as JSON can hold it: NaN and the infinities, which JSON has no form for, become their text
    /// (<c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c>) and <paramref name="cleaned"/> says so.
    /// </summary>
    public static RecordedValue Of(double value, out string? cleaned)
    {
        if (double.IsFinite(value))
        {
            cleaned = null;
            return OfFinite(value);
        }

        var text = value.ToString(CultureInfo.InvariantCulture);
        cleaned = $"{text} has no JSON form; it was recorded as the text \"{text}\"";
        return Of(text);
    }

    /// <summary>
    /// Captures any value: primitives as they are, anything else as its JSON now. A value that cannot be serialized
    /// is recorded as a note naming its type; <paramref name="cleaned"/> then says what was changed and why.
    /// </summary>
    public static RecordedValue Capture(object? value, out string? cleaned)
    {
        cleaned = null;
        switch (value)
        {
            case null:
                return Null;
            case string text:
                return Of(text);
            case bool flag:
                return Of(flag);
            case double floating:
                return Of(floating, out cleaned);
            case float single:
                return Of(single, out cleaned);
        }

        if (AsInteger(value) is { } integer)
            return Of(integer);
        try
        {
            return OfJson(JsonSerializer.SerializeToUtf8Bytes(value, value.GetType()));
        }
#pragma warning disable CA1031 // A value that cannot be serialized must not fail the caller; its type is recorded instead.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            cleaned = $"a {value.GetType().Name} could not be serialized ({ex.Message}); a note was recorded instead";
            return Of($"<{value.GetType().FullName} could not be serialized: {ex.Message}>");
        }
    }

    /// <summary>The value as a 64-bit integer when it is one of the integer types and fits; otherwise null.</summary>
    public static long? AsInteger(object? value) => value switch
    {
        long l => l,
        int i => i,
        short s => s,
        sbyte b => b,
        byte b => b,
        ushort u => u,
        uint u => u,
        ulong u when u <= long.MaxValue => (long)u,
        _ => null,
    };
}
