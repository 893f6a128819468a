using Microsoft.EntityFrameworkCore;
using Npgsql;
using XRay.EFCore.Tests.Shop;
using XRay.Testing;

namespace XRay.EFCore.Tests;

/// <summary>Each scenario through EF Core's synchronous and its asynchronous API.</summary>
public abstract class SaveChangesTests(SyncOrAsync mode)
{
    private bool IsAsync => mode == SyncOrAsync.Async;

    [Fact]
    public async Task SaveChanges_batches_of_inserts_updates_and_deletes_are_recorded_with_the_rows_they_change()
    {
        var batch = Guid.NewGuid();
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("shop"))
        {
            await using var db = await ShopDatabase.OpenAsync(harness.Recorder);
            for (var i = 0; i < 3; i++)
                db.Items.Add(new Item { Batch = batch, Name = $"new-{i}-{batch:N}", Price = i });
            Assert.Equal(3, IsAsync ? await db.SaveChangesAsync() : db.SaveChanges());

            var items = db.ChangeTracker.Entries<Item>().Select(e => e.Entity).OrderBy(i => i.Name).ToList();
            items[0].Price = 100;
            items[1].Price = 200;
            db.Items.Remove(items[2]);
            Assert.Equal(3, IsAsync ? await db.SaveChangesAsync() : db.SaveChanges());
        }

        var all = (await harness.SegmentsAsync()).Single().Subsegments;
        // Each SaveChanges runs its statements in a transaction of EF Core's, whose COMMIT is recorded too.
        Assert.Equal(2, all.Count(sql => sql.Query() == "COMMIT"));
        var sqls = all.Where(sql => sql.Query() != "COMMIT").ToList();
        Assert.Equal(2, sqls.Count);
        Assert.All(sqls, sql => Assert.Equal("SaveChanges", sql.CommandSource()));
        Assert.All(sqls, sql => Assert.True(sql.Closed()));
        Assert.StartsWith("INSERT", sqls[0].Query(), StringComparison.Ordinal);
        Assert.Equal(3, sqls[0].RowsAffected());
        Assert.Contains("UPDATE", sqls[1].Query(), StringComparison.Ordinal);
        Assert.Contains("DELETE", sqls[1].Query(), StringComparison.Ordinal);
        Assert.Equal(3, sqls[1].RowsAffected());
    }

    [Fact]
    public async Task ExecuteUpdate_and_ExecuteDelete_are_recorded_with_the_rows_they_change()
    {
        var batch = await ShopDatabase.SeedAsync(3);
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("shop"))
        {
            await using var db = await ShopDatabase.OpenAsync(harness.Recorder);
            var cheap = db.Items.Where(i => i.Batch == batch && i.Price < 12);
            var updated = IsAsync
                ? await cheap.ExecuteUpdateAsync(s => s.SetProperty(i => i.Price, i => i.Price * 2))
                : cheap.ExecuteUpdate(s => s.SetProperty(i => i.Price, i => i.Price * 2));
            Assert.Equal(2, updated);
            var tags = db.Tags.Where(t => db.Items.Any(i => i.Id == t.ItemId && i.Batch == batch));
            Assert.Equal(6, IsAsync ? await tags.ExecuteDeleteAsync() : tags.ExecuteDelete());
        }

        var sqls = (await harness.SegmentsAsync()).Single().Subsegments;
        Assert.Equal(2, sqls.Count);
        Assert.Equal("ExecuteUpdate", sqls[0].CommandSource());
        Assert.StartsWith("UPDATE", sqls[0].Query(), StringComparison.Ordinal);
        Assert.Equal(2, sqls[0].RowsAffected());
        // EF Core 10 reports ExecuteDelete commands with the source ExecuteUpdate.
        Assert.Contains(sqls[1].CommandSource(), new[] { "ExecuteDelete", "ExecuteUpdate" });
        Assert.StartsWith("DELETE", sqls[1].Query(), StringComparison.Ordinal);
        Assert.Equal(6, sqls[1].RowsAffected());
    }

    [Fact]
    public async Task EnsureCreated_records_creating_the_database_its_tables_and_the_check_for_tables()
    {
        var database = "shop_" + Guid.NewGuid().ToString("N")[..12];
        var connectionString = new NpgsqlConnectionStringBuilder(TestPostgres.ConnectionString) { Database = database }.ConnectionString;
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("shop"))
        {
            await using var db = new ShopContext(ShopDatabase.Options(harness.Recorder, connectionString: connectionString));
            Assert.True(IsAsync ? await db.Database.EnsureCreatedAsync() : db.Database.EnsureCreated());

            // Now that the database exists, EnsureCreated asks whether it has tables: a scalar command.
            Assert.False(IsAsync ? await db.Database.EnsureCreatedAsync() : db.Database.EnsureCreated());
        }

        var sqls = (await harness.SegmentsAsync()).Single().SqlSubsegments();
        await using (var untraced = new ShopContext(ShopDatabase.Options(recorder: null, connectionString: connectionString)))
            await untraced.Database.EnsureDeletedAsync();

        Assert.Contains(sqls, sql => sql.Query()?.StartsWith("CREATE DATABASE", StringComparison.Ordinal) == true && sql.Name == "postgres@127.0.0.1");
        var tables = sqls.Where(sql => sql.Query()?.StartsWith("CREATE TABLE", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(2, tables.Count);
        Assert.All(tables, sql => Assert.Equal($"{database}@127.0.0.1", sql.Name));
        Assert.Contains(sqls, sql => sql.Query()?.StartsWith("SELECT CASE WHEN COUNT(*)", StringComparison.Ordinal) == true);
        Assert.All(sqls, sql => Assert.True(sql.Closed()));
        // The first EnsureCreated finds the database missing by failing to open it: a failed open, recorded as one.
        var failedOpen = Assert.Single(sqls, sql => sql.Flag("fault"));
        Assert.Equal("open", (string?)failedOpen.Json["metadata"]?["sql"]?["operation"]);
        Assert.Equal("3D000", (string?)failedOpen.Json["annotations"]?["sql_state"]);
        Assert.Equal($"{database}@127.0.0.1", failedOpen.Name);
    }
}

public sealed class SaveChangesTestsSync() : SaveChangesTests(SyncOrAsync.Sync);

public sealed class SaveChangesTestsAsync() : SaveChangesTests(SyncOrAsync.Async);
