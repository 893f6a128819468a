namespace XRay.Data;

/// <summary>
/// What traced connections and the EF Core interceptor record for each command. Set the options before the first
/// command runs; one instance may be shared by any number of connections.
/// </summary>
public sealed class TracedDbOptions
{
    /// <summary>What of the query text is recorded; <see cref="QueryCapture.Sanitized"/> unless changed.</summary>
    public QueryCapture QueryCapture { get; set; } = QueryCapture.Sanitized;

    /// <summary>What of a failed command's exception messages is recorded; <see cref="ErrorCapture.Redacted"/> unless changed.</summary>
    public ErrorCapture ErrorCapture { get; set; } = ErrorCapture.Redacted;

    /// <summary>
    /// Keeps comments verbatim in the sanitized query (useful for constant query tags such as
    /// <c>/* controller=orders */</c>). Off by default, because a comment can carry runtime values.
    /// </summary>
    public bool KeepComments { get; set; }

    /// <summary>Records opening a connection as a subsegment of its own. Off by default.</summary>
    public bool TraceConnectionOpen { get; set; }

    /// <summary>Records <c>COMMIT</c> and <c>ROLLBACK</c> as subsegments of their own. On by default.</summary>
    public bool TraceTransactions { get; set; } = true;

    /// <summary>The options used when none are given: sanitized queries, transactions traced, opens not.</summary>
    public static TracedDbOptions Default { get; } = new();

    /// <summary>The sanitizer's options for <see cref="KeepComments"/>; shared instances, so nothing is allocated per command.</summary>
    internal SqlSanitizerOptions SanitizerOptions => KeepComments ? KeepCommentsSanitizerOptions : SqlSanitizerOptions.Default;

    private static SqlSanitizerOptions KeepCommentsSanitizerOptions { get; } = new() { KeepComments = true };
}
