namespace XRay.Data;

/// <summary>
/// What the sanitizer's pass learned about a query's operations and targets: the summary recorded as
/// <c>db.query.summary</c> and <c>metadata.sql.query_summary</c>, and, when the text holds one operation on at most
/// one target, that operation and target on their own.
/// </summary>
internal sealed class SqlSummary
{
    /// <summary>The result for text that names no operation, or that the pass could not read safely.</summary>
    public static readonly SqlSummary None = new(null, null, null, null, uniform: false);

    public SqlSummary(string? text, string? operation, string? collection, string? storedProcedure, bool uniform)
    {
        Text = text;
        Operation = operation;
        Collection = collection;
        StoredProcedure = storedProcedure;
        Uniform = uniform;
    }

    /// <summary>Operations and their targets in order, such as <c>INSERT shipping_details SELECT orders</c>; null when there is none.</summary>
    public string? Text { get; }

    /// <summary>The operation, when the text holds exactly one (repeated statements count once).</summary>
    public string? Operation { get; }

    /// <summary>The table or view of <see cref="Operation"/>, when it has exactly one.</summary>
    public string? Collection { get; }

    /// <summary>The stored procedure <see cref="Operation"/> runs (<c>EXEC</c>, <c>CALL</c>).</summary>
    public string? StoredProcedure { get; }

    /// <summary>True when every statement of the text has the same summary: a batch of them is <c>BATCH</c> and that summary.</summary>
    public bool Uniform { get; }
}
