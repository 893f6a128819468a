namespace XRay.Data;

/// <summary>What a traced command records of its query text in <c>sql.sanitized_query</c>.</summary>
public enum QueryCapture
{
    /// <summary>The query with every literal value replaced by <c>?</c> (the default).</summary>
    Sanitized,

    /// <summary>
    /// The command text exactly as sent. Opt in only when queries never embed secrets or personal data as literals:
    /// parameters are not recorded, but literals written into the text are.
    /// </summary>
    Raw,

    /// <summary>No query text at all.</summary>
    None,
}
