namespace XRay.Data;

/// <summary>A query's sanitized text and its summary, from one pass of <see cref="SqlSanitizer"/>.</summary>
public readonly struct SanitizedQuery : IEquatable<SanitizedQuery>
{
    private readonly SqlSummary? details;

    internal SanitizedQuery(string text, SqlSummary summary)
    {
        Text = text;
        details = summary;
    }

    /// <summary>The query with every literal value replaced by <c>?</c>, as <see cref="SqlSanitizer.Sanitize(string, SqlDialect, SqlSanitizerOptions)"/> returns it.</summary>
    public string Text { get; }

    /// <summary>
    /// The operations and their targets in the order the query names them, such as <c>SELECT orders</c> or
    /// <c>INSERT shipping_details SELECT orders</c>: OpenTelemetry's <c>db.query.summary</c>. At most
    /// <see cref="SqlSanitizer.MaxSummaryLength"/> characters, cut only between parts. Null when the query names no
    /// operation the summary knows, or when part of it could not be read safely and was hidden.
    /// </summary>
    public string? Summary => details?.Text;

    /// <summary>The summary with the operation and target it holds when there is only one of each.</summary>
    internal SqlSummary Details => details ?? SqlSummary.None;

    /// <inheritdoc />
    public bool Equals(SanitizedQuery other) => Text == other.Text && Summary == other.Summary;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SanitizedQuery other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Text, Summary);

    /// <summary>Whether two results hold the same text and summary.</summary>
    public static bool operator ==(SanitizedQuery left, SanitizedQuery right) => left.Equals(right);

    /// <summary>Whether two results differ in text or summary.</summary>
    public static bool operator !=(SanitizedQuery left, SanitizedQuery right) => !left.Equals(right);
}
