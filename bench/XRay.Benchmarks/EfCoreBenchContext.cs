using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using XRay.Testing;

namespace XRay.Benchmarks;

/// <summary>The benchmark's model: one table in a schema of its own per run.</summary>
public sealed class BenchContext(DbContextOptions<BenchContext> options) : DbContext(options)
{
    public static string Schema { get; } = "bench_" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>The test server, with the run's schema first on the search path.</summary>
    public static string ConnectionString => new NpgsqlConnectionStringBuilder(TestPostgres.ConnectionString)
    {
        SearchPath = Schema,
    }.ConnectionString;

    public DbSet<BenchRow> Rows => Set<BenchRow>();

    /// <summary>Creates the table and fills it with one batch of ten rows; returns the batch.</summary>
    public static Guid Seed(DbContextOptions<BenchContext> options)
    {
        using var context = new BenchContext(options);
        context.GetService<IRelationalDatabaseCreator>().CreateTables();
        var batch = Guid.NewGuid();
        for (var i = 0; i < 10; i++)
            context.Rows.Add(new BenchRow { Batch = batch, Name = $"row-{i}", Price = i });
        context.SaveChanges();
        return batch;
    }

    /// <summary>The measured query: five of the batch's ten rows, untracked.</summary>
    public static async Task<int> QueryAsync(DbContextOptions<BenchContext> options, Guid batch)
    {
        await using var context = new BenchContext(options);
        var rows = await context.Rows.AsNoTracking().Where(r => r.Batch == batch && r.Price < 5).ToListAsync();
        return rows.Count;
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.Entity<BenchRow>().ToTable("rows");
    }
}
