namespace XRay.Data;

/// <summary>
/// An entity's metadata as its document shows it: the entries added to it, then what its <c>sql</c> block
/// contributes (the rows a command read or changed). A view over both, so writing it allocates nothing.
/// </summary>
internal readonly struct EntityMetadata
{
    private readonly List<MetadataEntry>? added;
    private readonly SqlData? sql;

    public EntityMetadata(List<MetadataEntry>? added, SqlData? sql)
    {
        this.added = added;
        this.sql = sql;
    }

    public int Count => (added?.Count ?? 0) + (sql?.MetadataCount ?? 0);

    public MetadataEntry this[int index]
    {
        get
        {
            var addedCount = added?.Count ?? 0;
            return index < addedCount ? added![index] : sql!.MetadataAt(index - addedCount);
        }
    }
}
