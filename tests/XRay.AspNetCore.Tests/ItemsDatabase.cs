using Microsoft.EntityFrameworkCore;
using Npgsql;
using XRay.Testing;

namespace XRay.AspNetCore.Tests;

/// <summary>A database of its own on the test PostgreSQL server, with one table of items.</summary>
public sealed class ItemsDatabase : IAsyncLifetime
{
    private readonly string name = "aspnet_" + Guid.NewGuid().ToString("N")[..12];

    public string ConnectionString { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        await using (var server = new NpgsqlConnection(TestPostgres.ConnectionString))
        {
            await server.OpenAsync();
            await using var create = new NpgsqlCommand($"create database {name}", server);
            await create.ExecuteNonQueryAsync();
        }

        ConnectionString = new NpgsqlConnectionStringBuilder(TestPostgres.ConnectionString) { Database = name }.ConnectionString;
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var table = new NpgsqlCommand("create table items (id int primary key, name text not null); insert into items values (1, 'widget'), (2, 'gadget')", connection);
        await table.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var server = new NpgsqlConnection(TestPostgres.ConnectionString);
        await server.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists {name} with (force)", server);
        await drop.ExecuteNonQueryAsync();
    }
}

public sealed class Item
{
    public int Id { get; set; }

    public string Name { get; set; } = string.Empty;
}

public sealed class ItemsContext(DbContextOptions<ItemsContext> options) : DbContext(options)
{
    public DbSet<Item> Items => Set<Item>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var item = modelBuilder.Entity<Item>();
        item.ToTable("items");
        item.Property(i => i.Id).HasColumnName("id");
        item.Property(i => i.Name).HasColumnName("name");
    }
}
