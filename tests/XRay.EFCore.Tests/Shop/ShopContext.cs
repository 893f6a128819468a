using Microsoft.EntityFrameworkCore;

namespace XRay.EFCore.Tests.Shop;

public sealed class ShopContext(DbContextOptions<ShopContext> options) : DbContext(options)
{
    public DbSet<Item> Items => Set<Item>();

    public DbSet<Tag> Tags => Set<Tag>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(ShopDatabase.Schema);
        modelBuilder.Entity<Item>(item =>
        {
            item.ToTable("items");
            item.HasIndex(i => i.Name).IsUnique();
            item.HasMany(i => i.Tags).WithOne().HasForeignKey(t => t.ItemId);
        });
        modelBuilder.Entity<Tag>().ToTable("tags");
    }
}
