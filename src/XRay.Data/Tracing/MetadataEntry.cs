namespace XRay.Data;

/// <summary>
/// One metadata value, captured when it is added: primitives as they are, anything else as its JSON, so a later
/// change to the object cannot alter (or break the serialization of) a segment already recorded.
/// </summary>
internal sealed class MetadataEntry
{
    public MetadataEntry(string @namespace, string key, object? value, byte[]? json)
    {
        Namespace = @namespace;
        Key = key;
        Value = value;
        Json = json;
    }

    public string Namespace { get; }

    public string Key { get; }

    /// <summary>A string, long, double, bool or null, when <see cref="Json"/> is null.</summary>
    public object? Value { get; }

    /// <summary>UTF-8 JSON of a complex value.</summary>
    public byte[]? Json { get; }
}
