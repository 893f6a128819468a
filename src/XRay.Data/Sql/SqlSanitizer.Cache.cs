using System.Runtime.CompilerServices;

namespace XRay.Data;

public static partial class SqlSanitizer
{
    // Bounds memory: at most contentWays * contentSets entries, each holding strings of at most MaxCachedLength chars.
    internal const int MaxCachedLength = 8 * 1024;
    private const int identitySlots = 512;
    private const int contentSets = 512;
    private const int contentWays = 2;

    // First level: string instances that were seen before (EF Core and Dapper reuse the same CommandText instance).
    private static readonly SanitizerCacheEntry?[] identityCache = new SanitizerCacheEntry?[identitySlots];

    // Second level: two-way set-associative by content; a new entry pushes the older way out, so the cache keeps
    // admitting new queries forever instead of freezing once full.
    private static readonly SanitizerCacheEntry?[] contentCache = new SanitizerCacheEntry?[contentSets * contentWays];

    private static long CacheKey(SqlDialect dialect, SqlSanitizerOptions options) =>
        ((long)options.MaxLength << 3) | (options.KeepComments ? 4L : 0L) | (long)dialect;

    private static int IdentitySlot(string sql, long key) =>
        (RuntimeHelpers.GetHashCode(sql) ^ (int)(key * 0x9E3779B1)) & (identitySlots - 1);

    private static string SanitizeThroughContentCache(string sql, SqlDialect dialect, SqlSanitizerOptions options, long key)
    {
        if (sql.Length > MaxCachedLength)
            return SanitizeUncached(sql, dialect, options);

        var hash = HashCode.Combine(string.GetHashCode(sql, StringComparison.Ordinal), key);
        var set = (hash & (contentSets - 1)) * contentWays;
        for (var way = 0; way < contentWays; way++)
        {
            var entry = Volatile.Read(ref contentCache[set + way]);
            if (entry is not null && entry.Hash == hash && entry.Key == key && string.Equals(entry.Sql, sql, StringComparison.Ordinal))
            {
                entry.Alias = sql;
                Volatile.Write(ref identityCache[IdentitySlot(sql, key)], entry);
                return entry.Result;
            }
        }

        var result = SanitizeUncached(sql, dialect, options);
        var added = new SanitizerCacheEntry(sql, result, hash, key);
        Volatile.Write(ref contentCache[set + 1], Volatile.Read(ref contentCache[set]));
        Volatile.Write(ref contentCache[set], added);
        Volatile.Write(ref identityCache[IdentitySlot(sql, key)], added);
        return result;
    }
}
