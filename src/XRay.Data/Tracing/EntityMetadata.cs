namespace XRay.Data;

/// <summary>
/// An entity's metadata as its document shows it: the entries added to it, then what its database call contributes
/// under <c>sql</c> (the query summary, the rows the call changed or read). A view over both, so writing it allocates
/// nothing.
/// </summary>
internal readonly struct EntityMetadata
{
    private const string SqlNamespace = "sql";

    private readonly List<MetadataEntry>? added;
    private readonly string? querySummary;
    private readonly long rowsAffected;
    private readonly long rowsRead;

    /// <param name="added">The entries added to the entity.</param>
    /// <param name="querySummary">The <c>sql</c> block's query summary, when any.</param>
    /// <param name="rowsAffected">Rows the call inserted, updated or deleted; negative when unknown.</param>
    /// <param name="rowsRead">Rows the call read; negative when unknown.</param>
    public EntityMetadata(List<MetadataEntry>? added, string? querySummary, long rowsAffected, long rowsRead)
    {
        this.added = added;
        this.querySummary = querySummary;
        this.rowsAffected = rowsAffected;
        this.rowsRead = rowsRead;
    }

    public int Count => (added?.Count ?? 0) + (querySummary is null ? 0 : 1) + (rowsAffected >= 0 ? 1 : 0) + (rowsRead >= 0 ? 1 : 0);

    public MetadataEntry this[int index]
    {
        get
        {
            var addedCount = added?.Count ?? 0;
            if (index < addedCount)
                return added![index];
            index -= addedCount;
            if (querySummary is not null && index-- == 0)
                return new MetadataEntry(SqlNamespace, "query_summary", RecordedValue.Of(querySummary));
            return index == 0 && rowsAffected >= 0
                ? new MetadataEntry(SqlNamespace, "rows_affected", RecordedValue.Of(rowsAffected))
                : new MetadataEntry(SqlNamespace, "rows_read", RecordedValue.Of(rowsRead));
        }
    }
}
