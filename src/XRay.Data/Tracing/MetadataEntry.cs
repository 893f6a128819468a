namespace XRay.Data;

/// <summary>
/// One metadata value under its namespace and key, captured when it is added, so a later change to the object cannot
/// alter (or break the serialization of) a segment already recorded.
/// </summary>
internal readonly record struct MetadataEntry(string Namespace, string Key, RecordedValue Value);
