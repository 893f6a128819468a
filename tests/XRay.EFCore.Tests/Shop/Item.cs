namespace XRay.EFCore.Tests.Shop;

public sealed class Item
{
    public int Id { get; set; }

    // Every test seeds and reads its own batch, so tests share the tables without seeing each other's rows.
    public Guid Batch { get; set; }

    public string Name { get; set; } = string.Empty;

    public decimal Price { get; set; }

    public List<Tag> Tags { get; set; } = [];
}
