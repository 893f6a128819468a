namespace XRay.Data;

/// <summary>
/// What a command's text tells the recording, worked out once per call: the query for <c>sql.sanitized_query</c>, and
/// for OpenTelemetry the sanitized text, the summary and what the summary names.
/// </summary>
/// <param name="Recorded">The query recorded in the subsegment, as <see cref="QueryCapture"/> says.</param>
/// <param name="Sanitized">The sanitized text: the only text an Activity carries.</param>
/// <param name="Summary">The query summary (<c>db.query.summary</c>).</param>
/// <param name="Operation">The one operation (<c>db.operation.name</c>).</param>
/// <param name="Collection">The one table or view (<c>db.collection.name</c>).</param>
/// <param name="StoredProcedure">The procedure called (<c>db.stored_procedure.name</c>).</param>
internal readonly record struct CommandDescription(
    string? Recorded,
    string? Sanitized,
    string? Summary,
    string? Operation,
    string? Collection,
    string? StoredProcedure)
{
    private const string Batch = "BATCH";
    private const string Execute = "EXECUTE";

    /// <summary>A description for fixed text that holds no values, such as <c>COMMIT</c>.</summary>
    public static CommandDescription Fixed(string? text) => new(text, text, null, null, null, null);

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
            return new(recorded, query.Text, summary, Execute, null, name);
        }

        if (batchSize < 2)
            return new(recorded, query.Text, details.Text, details.Operation, details.Collection, details.StoredProcedure);

        // A batch whose commands all summarize alike is BATCH and that summary; any other is BATCH alone.
        var batchSummary = details.Uniform && details.Text is { } text && Batch.Length + 1 + text.Length <= SqlSanitizer.MaxSummaryLength
            ? Batch + " " + text
            : Batch;
        var operation = details.Uniform && details.Operation is { } one ? Batch + " " + one : Batch;
        return new(recorded, query.Text, batchSummary, operation, details.Uniform ? details.Collection : null, null);
    }
}
