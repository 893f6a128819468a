using Microsoft.EntityFrameworkCore;

namespace XRay.Benchmarks;

/// <summary>The benchmark's model: one table in a schema of its own per run.</summary>
public sealed class BenchContext(DbContextOptions<BenchContext> options) : DbContext(options)
{
    public static string Schema { get; } = "bench_" + Guid.NewGuid().ToString("N")[..8];

    public DbSet<BenchRow> Rows => Set<BenchRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.Entity<BenchRow>().ToTable("rows");
    }
}
