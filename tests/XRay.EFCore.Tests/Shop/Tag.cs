namespace XRay.EFCore.Tests.Shop;

public sealed class Tag
{
    public int Id { get; set; }

    public int ItemId { get; set; }

    public string Label { get; set; } = string.Empty;
}
