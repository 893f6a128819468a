using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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

    // Per-process seed so that colliding query texts cannot be prepared in advance to thrash one cache set.
    private static readonly ulong hashSeed = (ulong)Random.Shared.NextInt64();

    private static long CacheKey(SqlDialect dialect, SqlSanitizerOptions options) =>
        ((long)options.MaxLength << 4) | (options.KeepComments ? 8L : 0L) | (long)dialect;

    private static int IdentitySlot(string sql, long key) =>
        (RuntimeHelpers.GetHashCode(sql) ^ (int)(key * 0x9E3779B1)) & (identitySlots - 1);

    /// <summary>
    /// The entry for <paramref name="sql"/> from the content level, computed and added when missing. An entry made
    /// without a summary is made again with one when <paramref name="summarize"/> asks for it. Text longer than
    /// <see cref="MaxCachedLength"/> gets an entry that is not kept.
    /// </summary>
    private static SanitizerCacheEntry LookUp(string sql, SqlDialect dialect, SqlSanitizerOptions options, long key, bool summarize)
    {
        if (sql.Length > MaxCachedLength)
            return Compute(sql, dialect, options, 0, key, summarize);

        var hash = ContentHash(sql, key);
        var set = (hash & (contentSets - 1)) * contentWays;
        for (var way = 0; way < contentWays; way++)
        {
            var entry = Volatile.Read(ref contentCache[set + way]);
            if (entry is not null && entry.Hash == hash && entry.Key == key && string.Equals(entry.Sql, sql, StringComparison.Ordinal))
            {
                if (summarize && entry.Summary is null)
                {
                    // The same text sanitized before without a summary: the new entry replaces it where it stands.
                    entry = Compute(sql, dialect, options, hash, key, summarize: true);
                    Volatile.Write(ref contentCache[set + way], entry);
                }
                else
                {
                    entry.Alias = sql;
                }

                Volatile.Write(ref identityCache[IdentitySlot(sql, key)], entry);
                return entry;
            }
        }

        var added = Compute(sql, dialect, options, hash, key, summarize);
        Volatile.Write(ref contentCache[set + 1], Volatile.Read(ref contentCache[set]));
        Volatile.Write(ref contentCache[set], added);
        Volatile.Write(ref identityCache[IdentitySlot(sql, key)], added);
        return added;
    }

    private static SanitizerCacheEntry Compute(string sql, SqlDialect dialect, SqlSanitizerOptions options, int hash, long key, bool summarize)
    {
        if (!summarize)
            return new SanitizerCacheEntry(sql, SanitizeUncached(sql, dialect, options), null, hash, key);
        var query = SanitizeUncachedWithSummary(sql, dialect, options);
        return new SanitizerCacheEntry(sql, query.Text, query.Details, hash, key);
    }

    /// <summary>
    /// A content hash over 32 bytes per step in four independent lanes, each step one add, rotate and multiply. The
    /// string's own randomized hash runs a byte at a time and made a content hit on a 300-character query cost several
    /// hundred nanoseconds; the cache confirms every hit with an ordinal comparison, so this hash only has to spread
    /// queries over the sets.
    /// </summary>
    private static int ContentHash(string sql, long key)
    {
        const ulong multiplier = 0x9E3779B97F4A7C15;
        var words = MemoryMarshal.Cast<char, ulong>(sql.AsSpan());
        var h0 = hashSeed ^ (ulong)key;
        var h1 = hashSeed + multiplier;
        var h2 = ~hashSeed;
        var h3 = (ulong)sql.Length;
        var i = 0;
        for (; i + 4 <= words.Length; i += 4)
        {
            h0 = Mix(h0, words[i]);
            h1 = Mix(h1, words[i + 1]);
            h2 = Mix(h2, words[i + 2]);
            h3 = Mix(h3, words[i + 3]);
        }

        for (; i < words.Length; i++)
            h0 = Mix(h0, words[i]);
        for (var c = words.Length * 4; c < sql.Length; c++)
            h1 = Mix(h1, sql[c]);

        var h = h0 ^ BitOperations.RotateLeft(h1, 17) ^ BitOperations.RotateLeft(h2, 31) ^ BitOperations.RotateLeft(h3, 47);
        h = (h ^ (h >> 33)) * 0xFF51AFD7ED558CCD;
        h = (h ^ (h >> 33)) * 0xC4CEB9FE1A85EC53;
        h ^= h >> 33;
        return (int)h ^ (int)(h >> 32);

        static ulong Mix(ulong state, ulong value) => BitOperations.RotateLeft(state + value, 29) * multiplier;
    }
}
