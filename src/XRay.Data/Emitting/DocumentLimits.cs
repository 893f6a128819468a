namespace XRay.Data;

/// <summary>
/// How long the fields of a document may be when it would not otherwise fit in a datagram, in characters (metadata
/// values and <c>aws</c> members in JSON text). What is cut ends with <see cref="Truncation.Marker"/>. A name, an id,
/// a time, a type or a namespace is never cut: the document would no longer describe the same entity.
/// </summary>
/// <param name="Metadata">Each metadata value.</param>
/// <param name="Query">The <c>sql</c> block's <c>sanitized_query</c>.</param>
/// <param name="StackFrames">The frames kept per exception; the rest are counted in <c>truncated</c>.</param>
/// <param name="Cause">Each text of a <c>cause</c>: messages, paths, labels, the working directory.</param>
/// <param name="Text">Every other text: the <c>http</c>, <c>sql</c> and <c>aws</c> blocks, annotations, user, origin.</param>
internal readonly record struct DocumentLimits(int Metadata, int Query, int StackFrames, int Cause, int Text)
{
    /// <summary>Nothing is cut.</summary>
    public static DocumentLimits None { get; } = new(int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue);

    /// <summary>
    /// The limits tried in turn on a document too large for a datagram: metadata first, then the query and the cause,
    /// then everything else that may be cut.
    /// </summary>
    public static IReadOnlyList<DocumentLimits> Shrinking { get; } =
    [
        new(Metadata: 1024, Query: int.MaxValue, StackFrames: int.MaxValue, Cause: int.MaxValue, Text: int.MaxValue),
        new(Metadata: 128, Query: 1024, StackFrames: 10, Cause: 1024, Text: int.MaxValue),
        new(Metadata: 64, Query: 256, StackFrames: 0, Cause: 128, Text: 1024),
        new(Metadata: 32, Query: 64, StackFrames: 0, Cause: 64, Text: 64),
    ];
}
