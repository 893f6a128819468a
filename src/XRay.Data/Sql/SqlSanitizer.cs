namespace XRay.Data;

/// <summary>
/// Turns a query into the text recorded as X-Ray's <c>sanitized_query</c>: every literal value becomes <c>?</c>,
/// comments are removed, and everything that is not a value (keywords, identifiers, casts, operators, placeholders)
/// is kept.
/// </summary>
/// <remarks>
/// <para>
/// One pass over the text, no regular expressions, linear time. When the text cannot be lexed safely (an
/// unterminated string, dollar quote, quoted identifier or block comment) everything from that point becomes a single
/// <c>?</c>: a query that is hard to read in the console is better than a password in a trace.
/// </para>
/// <para>
/// <c>IN (1, 2, 3)</c> becomes <c>IN (?)</c>, and a <c>VALUES</c> list of rows made only of literals keeps its first
/// row, so the same statement shape always produces the same text. Lists that contain placeholders, such as Dapper's
/// expanded <c>IN (@ids1, @ids2)</c>, are kept as written: placeholders carry no values.
/// </para>
/// <para>
/// The overloads without <c>Uncached</c> in their name remember results in a bounded, lock-free cache keyed by the
/// query text, the dialect and the options; asking again for the same string instance costs one array read.
/// </para>
/// </remarks>
public static partial class SqlSanitizer
{
    /// <summary>
    /// Appended to a sanitized query that was cut at <see cref="SqlSanitizerOptions.MaxLength"/>: the one marker of
    /// every value cut short, in a query or in a document too large for a datagram.
    /// </summary>
    public const string TruncationMarker = Truncation.Marker;

    private const int stackBufferLength = 512;

    /// <summary>Sanitizes <paramref name="sql"/> with the <see cref="SqlDialect.Generic"/> rules and default options.</summary>
    /// <param name="sql">The command text as sent to the provider.</param>
    /// <returns>The sanitized text; the same instance as <paramref name="sql"/> when nothing had to change.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sql"/> is <see langword="null"/>.</exception>
    public static string Sanitize(string sql) => Sanitize(sql, SqlDialect.Generic, SqlSanitizerOptions.Default);

    /// <summary>Sanitizes <paramref name="sql"/> with the rules of <paramref name="dialect"/> and default options.</summary>
    /// <param name="sql">The command text as sent to the provider.</param>
    /// <param name="dialect">The provider's dialect; an undefined value is treated as <see cref="SqlDialect.Generic"/>.</param>
    /// <returns>The sanitized text; the same instance as <paramref name="sql"/> when nothing had to change.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sql"/> is <see langword="null"/>.</exception>
    public static string Sanitize(string sql, SqlDialect dialect) => Sanitize(sql, dialect, SqlSanitizerOptions.Default);

    /// <summary>Sanitizes <paramref name="sql"/> with the rules of <paramref name="dialect"/> and the given options.</summary>
    /// <param name="sql">The command text as sent to the provider.</param>
    /// <param name="dialect">The provider's dialect; an undefined value is treated as <see cref="SqlDialect.Generic"/>.</param>
    /// <param name="options">Comment handling and length limit.</param>
    /// <returns>The sanitized text; the same instance as <paramref name="sql"/> when nothing had to change.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sql"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    public static string Sanitize(string sql, SqlDialect dialect, SqlSanitizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(options);
        dialect = Normalize(dialect);
        var key = CacheKey(dialect, options);

        var known = identityCache[IdentitySlot(sql, key)];
        if (known is not null && known.IsFor(sql, key))
            return known.Result;

        return LookUp(sql, dialect, options, key, summarize: false).Result;
    }

    /// <summary>Sanitizes without consulting or filling the cache.</summary>
    internal static string SanitizeUncached(string sql, SqlDialect dialect, SqlSanitizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(options);
        // Most queries fit on the stack, which is cheaper than renting from the shared pool.
        var lexer = new SqlSanitizerLexer(sql, Normalize(dialect), options.KeepComments, sql.Length <= stackBufferLength ? stackalloc char[sql.Length] : default);
        return lexer.Run(sql, options.MaxLength);
    }

    /// <summary>Sanitizes without consulting or filling the cache, and summarizes in the same pass.</summary>
    internal static SanitizedQuery SanitizeUncachedWithSummary(string sql, SqlDialect dialect, SqlSanitizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(options);
        Span<char> summary = stackalloc char[MaxSummaryLength];
        var lexer = new SqlSanitizerLexer(sql, Normalize(dialect), options.KeepComments, sql.Length <= stackBufferLength ? stackalloc char[sql.Length] : default, summary);
        var text = lexer.Run(sql, options.MaxLength);
        return new SanitizedQuery(text, lexer.TakeSummary());
    }

    private static SqlDialect Normalize(SqlDialect dialect) =>
        (uint)dialect <= (uint)SqlDialect.Sqlite ? dialect : SqlDialect.Generic;
}
