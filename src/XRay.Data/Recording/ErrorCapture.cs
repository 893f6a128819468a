namespace XRay.Data;

/// <summary>What a failed command records of each exception's message in its <c>cause</c>.</summary>
public enum ErrorCapture
{
    /// <summary>
    /// The message with every value the database quoted replaced by <c>?</c>, in the grammar of the provider's
    /// messages; error codes, SQLSTATE and wording stay, text raised by the application's own SQL (RAISE, SIGNAL,
    /// THROW) is replaced whole (the default). See <see cref="DbExceptionRedactor"/>.
    /// </summary>
    Redacted,

    /// <summary>
    /// The message exactly as the provider wrote it. Opt in only when values sent to the database may be recorded:
    /// databases quote the values they fail on, parameters included.
    /// </summary>
    Full,

    /// <summary>No message: each exception's type, and the error code annotations, only.</summary>
    None,
}
