namespace XRay.Data;

// The query summary: OpenTelemetry's db.query.summary, made in the sanitizing pass and cached with its text.
public static partial class SqlSanitizer
{
    /// <summary>The longest summary returned; parts that would not fit are left out whole, never cut.</summary>
    public const int MaxSummaryLength = SqlSanitizerLexer.MaxSummaryLength;

    /// <summary>
    /// The low-cardinality summary of <paramref name="sql"/> with the <see cref="SqlDialect.Generic"/> rules:
    /// OpenTelemetry's <c>db.query.summary</c>, such as <c>SELECT orders</c>.
    /// </summary>
    /// <param name="sql">The command text as sent to the provider.</param>
    /// <returns>The summary; null when the text names no operation or could not be read safely.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sql"/> is <see langword="null"/>.</exception>
    public static string? Summarize(string sql) => SanitizeWithSummary(sql, SqlDialect.Generic, SqlSanitizerOptions.Default).Summary;

    /// <summary>The low-cardinality summary of <paramref name="sql"/> with the rules of <paramref name="dialect"/>.</summary>
    /// <param name="sql">The command text as sent to the provider.</param>
    /// <param name="dialect">The provider's dialect; an undefined value is treated as <see cref="SqlDialect.Generic"/>.</param>
    /// <returns>The summary; null when the text names no operation or could not be read safely.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sql"/> is <see langword="null"/>.</exception>
    /// <remarks>
    /// The summary lists each operation (<c>SELECT</c>, <c>INSERT</c>, <c>UPDATE</c>, <c>DELETE</c>, <c>MERGE</c>,
    /// <c>EXEC</c>/<c>CALL</c>, <c>CREATE TABLE</c>…) and the tables, views or procedures it names, in the order the
    /// text names them and as they are written: <c>INSERT shipping_details SELECT orders</c>. Aliases, columns,
    /// functions, literals, parameters and comments never appear; a statement repeated right after itself counts once.
    /// It is made in the same pass as the sanitized text and cached with it.
    /// </remarks>
    public static string? Summarize(string sql, SqlDialect dialect) => SanitizeWithSummary(sql, dialect, SqlSanitizerOptions.Default).Summary;

    /// <summary>Sanitizes <paramref name="sql"/> and summarizes it in the same pass, with default options.</summary>
    /// <param name="sql">The command text as sent to the provider.</param>
    /// <param name="dialect">The provider's dialect; an undefined value is treated as <see cref="SqlDialect.Generic"/>.</param>
    /// <returns>The sanitized text and the summary.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sql"/> is <see langword="null"/>.</exception>
    public static SanitizedQuery SanitizeWithSummary(string sql, SqlDialect dialect) => SanitizeWithSummary(sql, dialect, SqlSanitizerOptions.Default);

    /// <summary>Sanitizes <paramref name="sql"/> and summarizes it in the same pass.</summary>
    /// <param name="sql">The command text as sent to the provider.</param>
    /// <param name="dialect">The provider's dialect; an undefined value is treated as <see cref="SqlDialect.Generic"/>.</param>
    /// <param name="options">Comment handling and length limit of the text; the summary does not depend on them.</param>
    /// <returns>The sanitized text, the same as <see cref="Sanitize(string, SqlDialect, SqlSanitizerOptions)"/> returns, and the summary.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sql"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    public static SanitizedQuery SanitizeWithSummary(string sql, SqlDialect dialect, SqlSanitizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(options);
        dialect = Normalize(dialect);
        var key = CacheKey(dialect, options);

        var known = identityCache[IdentitySlot(sql, key)];
        if (known?.Summary is { } summary && known.IsFor(sql, key))
            return new SanitizedQuery(known.Result, summary);

        var entry = LookUp(sql, dialect, options, key, summarize: true);
        return new SanitizedQuery(entry.Result, entry.Summary ?? SqlSummary.None);
    }
}
