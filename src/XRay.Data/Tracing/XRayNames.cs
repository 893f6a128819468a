using System.Buffers;

namespace XRay.Data;

/// <summary>Cleans names and annotation keys to the character sets the X-Ray API accepts.</summary>
internal static class XRayNames
{
    /// <summary>The longest segment or subsegment name X-Ray accepts.</summary>
    public const int MaxNameLength = 200;

    /// <summary>The longest annotation key X-Ray accepts.</summary>
    public const int MaxAnnotationKeyLength = 500;

    private static readonly SearchValues<char> NameAscii = SearchValues.Create(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 \t_.:/%&#=+\\-@");

    private static readonly SearchValues<char> KeyAscii = SearchValues.Create(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

    /// <summary>
    /// A name made of letters, digits, white space and <c>_ . : / % &amp; # = + \ - @</c>, at most 200 characters;
    /// other characters become <c>_</c>. Returns the same instance when nothing needs to change.
    /// </summary>
    public static string CleanName(string? name, string fallback)
    {
        if (string.IsNullOrWhiteSpace(name))
            return fallback;
        if (name.Length <= MaxNameLength && name.AsSpan().IndexOfAnyExcept(NameAscii) < 0)
            return name;

        var length = Math.Min(name.Length, MaxNameLength);
        return string.Create(length, name, static (span, source) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                var c = source[i];
                span[i] = NameAscii.Contains(c) || char.IsLetterOrDigit(c) || char.IsWhiteSpace(c) ? c : '_';
            }
        });
    }

    /// <summary>An annotation key of ASCII letters, digits and <c>_</c>; other characters become <c>_</c>.</summary>
    public static string CleanAnnotationKey(string key)
    {
        if (key.Length is > 0 and <= MaxAnnotationKeyLength && key.AsSpan().IndexOfAnyExcept(KeyAscii) < 0)
            return key;
        if (key.Length == 0)
            return "_";

        var length = Math.Min(key.Length, MaxAnnotationKeyLength);
        return string.Create(length, key, static (span, source) =>
        {
            for (var i = 0; i < span.Length; i++)
                span[i] = KeyAscii.Contains(source[i]) ? source[i] : '_';
        });
    }
}
