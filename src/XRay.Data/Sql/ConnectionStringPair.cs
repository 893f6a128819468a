namespace XRay.Data;

/// <summary>
/// One <c>key=value</c> of a connection string, as positions in the text it was read from. The value's range includes
/// its quotes or braces; its content range does not.
/// </summary>
/// <param name="KeyStart">Where the key starts.</param>
/// <param name="KeyEnd">Where the key ends, trailing white space excluded.</param>
/// <param name="Key">The key as the provider reads it (<c>==</c> made <c>=</c>).</param>
/// <param name="ValueStart">Where the value starts, at its opening quote or brace when it has one.</param>
/// <param name="ValueEnd">Where the value ends, after its closing quote or brace.</param>
/// <param name="Quote">The opening quote or brace, or <c>'\0'</c> for a plain value.</param>
/// <param name="Escaped">True when a doubled quote or brace inside the value stands for one.</param>
internal readonly record struct ConnectionStringPair(int KeyStart, int KeyEnd, string Key, int ValueStart, int ValueEnd, char Quote, bool Escaped)
{
    /// <summary>Where the value's content starts, inside its quotes.</summary>
    public int ContentStart => Quote == '\0' ? ValueStart : ValueStart + 1;

    /// <summary>Where the value's content ends, inside its quotes.</summary>
    public int ContentEnd => Quote == '\0' ? ValueEnd : ValueEnd - 1;

    /// <summary>The value as the provider reads it: unquoted, doubled quotes or braces made single.</summary>
    public string Value(string text)
    {
        var content = text[ContentStart..ContentEnd];
        if (!Escaped)
            return content;
        var close = Quote == '{' ? "}" : Quote.ToString();
        return content.Replace(close + close, close, StringComparison.Ordinal);
    }
}
