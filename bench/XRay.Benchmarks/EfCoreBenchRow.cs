namespace XRay.Benchmarks;

/// <summary>A row of the benchmark's table.</summary>
public sealed class BenchRow
{
    public int Id { get; set; }

    public Guid Batch { get; set; }

    public string Name { get; set; } = string.Empty;

    public decimal Price { get; set; }
}
