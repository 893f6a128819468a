using Microsoft.EntityFrameworkCore;

namespace XRay.EFCore.Tests.Notes;

/// <summary>One table, <c>notes</c>, with a unique body: the same model on MariaDB, SQLite and SQL Server.</summary>
public sealed class NotesContext(DbContextOptions<NotesContext> options) : DbContext(options)
{
    public DbSet<Note> Notes => Set<Note>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<Note>(note =>
        {
            note.ToTable("notes");
            note.Property(n => n.Body).HasMaxLength(200);
            note.HasIndex(n => n.Body).IsUnique();
        });
}
