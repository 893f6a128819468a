using Microsoft.EntityFrameworkCore;

namespace XRay.EFCore.Tests.Ledger;

public sealed class LedgerContext(DbContextOptions<LedgerContext> options) : DbContext(options)
{
    public DbSet<Entry> Entries => Set<Entry>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(LedgerDatabase.Schema);
        modelBuilder.Entity<Entry>(entry =>
        {
            entry.ToTable("entries", t => t.HasCheckConstraint("entries_note_short", "length(\"Note\") < 8"));
            entry.HasIndex(e => e.Code).IsUnique();
        });
    }
}
