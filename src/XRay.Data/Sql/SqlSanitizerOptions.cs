namespace XRay.Data;

/// <summary>Options for <see cref="SqlSanitizer"/>. Instances are immutable; reuse one rather than creating one per call.</summary>
public sealed class SqlSanitizerOptions
{
    /// <summary>The smallest accepted <see cref="MaxLength"/>; anything shorter could not hold the truncation marker and some text.</summary>
    public const int MinMaxLength = 32;

    private readonly int maxLength = 16 * 1024;

    /// <summary>The options used by the overloads that take none: comments removed, 16 KB limit.</summary>
    public static SqlSanitizerOptions Default { get; } = new();

    /// <summary>
    /// Keep comments verbatim instead of removing them. Off by default because an EF Core <c>TagWith</c> or a
    /// hand-written comment can carry runtime values; turn it on only when the tags are known to be constant.
    /// </summary>
    public bool KeepComments { get; init; }

    /// <summary>
    /// The longest sanitized query returned, in UTF-16 code units, including the truncation marker. Longer results
    /// are cut and end with <see cref="SqlSanitizer.TruncationMarker"/>. Defaults to 16 KB so a query fits in a
    /// 64 KB X-Ray datagram next to the rest of the segment.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than <see cref="MinMaxLength"/>.</exception>
    public int MaxLength
    {
        get => maxLength;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, MinMaxLength);
            maxLength = value;
        }
    }
}
