namespace XRay.Data;

/// <summary>
/// What a command's text tells the recording, worked out once per call: the query for <c>sql.sanitized_query</c>, and
/// for OpenTelemetry the sanitized text, the summary and what the summary names.
/// </summary>
/// <param name="Recorded">The query recorded in the subsegment, as <see cref="QueryCapture"/> says.</param>
/// <param name="Sanitized">The sanitized text: the only text an Activity carries.</param>
/// <param name="Details">The summary and what it names; a single command's is the sanitizer's cached one, so describing it copies nothing.</param>
internal readonly record struct CommandDescription(string? Recorded, string? Sanitized, SqlSummary? Details)
{
    private const string Batch = "BATCH";
    private const string Execute = "EXECUTE";

    /// <summary>The query summary (<c>db.query.summary</c>).</summary>
    public string? Summary => Details?.Text;

    /// <summary>The one operation (<c>db.operation.name</c>).</summary>
    public string? Operation => Details?.Operation;

    /// <summary>The one table or view (<c>db.collection.name</c>).</summary>
    public string? Collection => Details?.Collection;

    /// <summary>The procedure called (<c>db.stored_procedure.name</c>).</summary>
    public string? StoredProcedure => Details?.StoredProcedure;

    /// <summary>A description for fixed text that holds no values, such as <c>COMMIT</c>.</summary>
    public static CommandDescription Fixed(string? text) => new(text, text, null);

    /// <summary>Describes a command of <paramref name="batchSize"/> statements from one sanitizing pass over its text.</summary>
    /// <param name="recorded">What the subsegment records.</param>
    /// <param name="query">The pass's result.</param>
    /// <param name="commandText">The text as sent; compared, never kept.</param>
    /// <param name="storedProcedure">True when the text is the name of a procedure to call.</param>
    /// <param name="batchSize">How many commands the text joins.</param>
    public static CommandDescription Of(string? recorded, SanitizedQuery query, string commandText, bool storedProcedure, int batchSize)
    {
        var details = query.Details;
        if (storedProcedure)
        {
            // A name only when sanitizing left the text as it was: nothing in it was read as a value.
            var name = string.Equals(query.Text, commandText, StringComparison.Ordinal) ? query.Text.Trim() : null;
            var summary = name is not null && Execute.Length + 1 + name.Length <= SqlSanitizer.MaxSummaryLength ? Execute + " " + name : null;
            return new(recorded, query.Text, new SqlSummary(summary, Execute, null, name, uniform: false));
        }

        if (batchSize < 2)
            return new(recorded, query.Text, details);

        // A batch whose commands all summarize alike is BATCH and that summary; any other is BATCH alone.
        var batchSummary = details.Uniform && details.Text is { } text && Batch.Length + 1 + text.Length <= SqlSanitizer.MaxSummaryLength
            ? Batch + " " + text
            : Batch;
        var operation = details.Uniform && details.Operation is { } one ? Batch + " " + one : Batch;
        return new(recorded, query.Text, new SqlSummary(batchSummary, operation, details.Uniform ? details.Collection : null, null, uniform: false));
    }
}
