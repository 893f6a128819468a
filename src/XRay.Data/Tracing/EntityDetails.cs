namespace XRay.Data;

/// <summary>
/// The parts of an entity that most subsegments never use, kept apart so that a database command's subsegment
/// stays small: annotations, metadata, the <c>aws</c> and <c>http</c> blocks and the cause.
/// </summary>
internal sealed class EntityDetails
{
    public List<KeyValuePair<string, RecordedValue>>? Annotations { get; set; }

    public List<MetadataEntry>? Metadata { get; set; }

    public List<KeyValuePair<string, RecordedValue>>? Aws { get; set; }

    public Cause? Cause { get; set; }

    public HttpData? Http { get; set; }
}
