namespace XRay.Data;

/// <summary>
/// One remembered result of <see cref="SqlSanitizer"/>. Immutable apart from <see cref="Alias"/>, so a reader that
/// loads a reference from a cache slot always sees a consistent query/result pair.
/// </summary>
internal sealed class SanitizerCacheEntry(string sql, string result, SqlSummary? summary, int hash, long key)
{
    /// <summary>The query text the result was computed for.</summary>
    public string Sql { get; } = sql;

    /// <summary>The sanitized text.</summary>
    public string Result { get; } = result;

    /// <summary>The query summary from the same pass; null when the pass was not asked for one.</summary>
    public SqlSummary? Summary { get; } = summary;

    /// <summary>The content hash of <see cref="Sql"/> combined with <see cref="Key"/>.</summary>
    public int Hash { get; } = hash;

    /// <summary>Dialect and options packed by <c>SqlSanitizer.CacheKey</c>.</summary>
    public long Key { get; } = key;

    /// <summary>
    /// Another string instance with the same content as <see cref="Sql"/>, so the reference-identity level can answer
    /// for it without allocating a new entry. Racing writers only cost a later miss.
    /// </summary>
    public string? Alias { get; set; }

    /// <summary>Whether this entry answers for this very string instance under these options: the identity level's check.</summary>
    public bool IsFor(string sql, long key) => Key == key && (ReferenceEquals(Sql, sql) || ReferenceEquals(Alias, sql));
}
