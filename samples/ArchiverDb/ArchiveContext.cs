using Microsoft.EntityFrameworkCore;

namespace ArchiverDb;

public sealed class ArchiveContext(DbContextOptions<ArchiveContext> options) : DbContext(options)
{
    public DbSet<ArchivedResponse> Responses => Set<ArchivedResponse>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Lower-case names so that the Dapper queries read like ordinary PostgreSQL.
        var response = modelBuilder.Entity<ArchivedResponse>();
        response.ToTable("archived_responses");
        response.Property(r => r.Id).HasColumnName("id");
        response.Property(r => r.Status).HasColumnName("status");
        response.Property(r => r.Body).HasColumnName("body");
        response.Property(r => r.ArchivedAt).HasColumnName("archived_at");
        response.HasIndex(r => r.Status);
    }
}
