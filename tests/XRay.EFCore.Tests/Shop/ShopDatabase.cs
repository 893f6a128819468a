using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure;
using XRay.Data;
using XRay.Testing;

namespace XRay.EFCore.Tests.Shop;

/// <summary>
/// The shop's tables, created once per test run in a schema of their own; each test seeds and reads its own batch.
/// </summary>
public static class ShopDatabase
{
    private static readonly Lazy<Task> Tables = new(CreateTablesAsync);

    private static readonly Lazy<string> Server = new(
        () => new NpgsqlConnectionStringBuilder(TestPostgres.ConnectionString) { SearchPath = Schema }.ConnectionString);

    public static string Schema { get; } = "shop_" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>The test server with the shop's schema first on the search path, so raw SQL can name tables plainly.</summary>
    public static string ConnectionString => Server.Value;

    /// <summary>Options for a context traced by <paramref name="recorder"/>, or untraced when it is null.</summary>
    public static DbContextOptions<ShopContext> Options(
        XRayRecorder? recorder,
        Action<NpgsqlDbContextOptionsBuilder>? npgsql = null,
        Action<DbContextOptionsBuilder<ShopContext>>? configure = null,
        string? connectionString = null)
    {
        var builder = new DbContextOptionsBuilder<ShopContext>().UseNpgsql(connectionString ?? ConnectionString, npgsql);
        configure?.Invoke(builder);
        if (recorder is not null)
            builder.AddXRayInterceptor(recorder);
        return builder.Options;
    }

    /// <summary>A context traced by <paramref name="recorder"/>, on tables that exist.</summary>
    public static async Task<ShopContext> OpenAsync(XRayRecorder? recorder, Action<NpgsqlDbContextOptionsBuilder>? npgsql = null)
    {
        await Tables.Value;
        return new ShopContext(Options(recorder, npgsql));
    }

    /// <summary>Inserts <paramref name="count"/> items with two tags each, untraced, and returns their batch.</summary>
    public static async Task<Guid> SeedAsync(int count)
    {
        var batch = Guid.NewGuid();
        await using var context = await OpenAsync(recorder: null);
        for (var i = 0; i < count; i++)
        {
            context.Items.Add(new Item
            {
                Batch = batch,
                Name = $"item-{i}-{batch:N}",
                Price = 10 + i,
                Tags = [new Tag { Label = "red" }, new Tag { Label = "blue" }],
            });
        }

        await context.SaveChangesAsync();
        return batch;
    }

    private static async Task CreateTablesAsync()
    {
        await using var context = new ShopContext(Options(recorder: null));
        await context.GetService<IRelationalDatabaseCreator>().CreateTablesAsync();
    }
}
