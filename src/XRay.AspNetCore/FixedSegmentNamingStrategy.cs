using Microsoft.AspNetCore.Http;

namespace XRay.AspNetCore;

/// <summary>Names every segment the same: the service's name on the X-Ray service map.</summary>
public sealed class FixedSegmentNamingStrategy : SegmentNamingStrategy
{
    /// <summary>Names every segment <paramref name="name"/>.</summary>
    public FixedSegmentNamingStrategy(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The name of every segment.</summary>
    public string Name { get; }

    /// <inheritdoc />
    public override string GetSegmentName(HttpRequest request) => Name;
}
