namespace XRay.Data;

/// <summary>
/// How a value cut short is marked, wherever it is cut: a sanitized query at its length limit, a field of a document
/// that would not fit in a datagram.
/// </summary>
internal static class Truncation
{
    /// <summary>Ends every value that was cut short.</summary>
    public const string Marker = "... (truncated)";

    /// <summary>
    /// <paramref name="text"/> when it has at most <paramref name="maxLength"/> characters, else its beginning and
    /// <see cref="Marker"/>, <paramref name="maxLength"/> characters in all (the marker alone when the limit is shorter),
    /// never splitting a surrogate pair.
    /// </summary>
    public static string Cut(ReadOnlySpan<char> text, int maxLength)
    {
        if (text.Length <= maxLength)
            return text.ToString();
        var keep = Math.Max(0, maxLength - Marker.Length);
        if (keep > 0 && char.IsHighSurrogate(text[keep - 1]))
            keep--;
        return string.Concat(text[..keep], Marker);
    }
}
