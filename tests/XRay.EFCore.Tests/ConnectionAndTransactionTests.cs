using Microsoft.EntityFrameworkCore;
using Npgsql;
using XRay.Data;
using XRay.EFCore.Tests.Shop;
using XRay.Testing;

namespace XRay.EFCore.Tests;

/// <summary>Opens and transactions EF Core runs on the provider's own connection, recorded by the interceptors.</summary>
public abstract class ConnectionAndTransactionTests(SyncOrAsync mode)
{
    private bool IsAsync => mode == SyncOrAsync.Async;

    [Fact]
    public async Task Commit_rollback_and_savepoints_of_EF_Core_transactions_are_recorded()
    {
        await ShopDatabase.OpenAsync(recorder: null);
        var batch = Guid.NewGuid();
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("shop"))
        {
            await using var db = new ShopContext(ShopDatabase.Options(harness.Recorder));
            await using (var transaction = IsAsync ? await db.Database.BeginTransactionAsync() : db.Database.BeginTransaction())
            {
                db.Items.Add(new Item { Batch = batch, Name = $"kept-{batch:N}", Price = 1 });
                Assert.Equal(1, IsAsync ? await db.SaveChangesAsync() : db.SaveChanges());
                if (IsAsync)
                    await transaction.CommitAsync();
                else
                    transaction.Commit();
            }

            await using (var transaction = IsAsync ? await db.Database.BeginTransactionAsync() : db.Database.BeginTransaction())
            {
                db.Items.Add(new Item { Batch = batch, Name = $"undone-{batch:N}", Price = 2 });
                Assert.Equal(1, IsAsync ? await db.SaveChangesAsync() : db.SaveChanges());
                if (IsAsync)
                    await transaction.RollbackAsync();
                else
                    transaction.Rollback();
            }
        }

        var sqls = (await harness.SegmentsAsync()).Single().SqlSubsegments();
        // SaveChanges inside the application's transaction guards itself with a savepoint.
        Assert.Equal(
            ["SAVEPOINT", "INSERT", "RELEASE", "COMMIT", "SAVEPOINT", "INSERT", "RELEASE", "ROLLBACK"],
            sqls.Select(sql => sql.Query()!.Split(' ')[0]));
        Assert.All(sqls, sql => Assert.Equal("postgres@127.0.0.1", sql.Name));
        Assert.DoesNotContain(sqls, sql => sql.Flag("fault"));
        await using var check = await ShopDatabase.OpenAsync(recorder: null);
        Assert.Equal(1, await check.Items.CountAsync(i => i.Batch == batch));
    }

    [Fact]
    public async Task Transactions_are_not_recorded_when_turned_off()
    {
        await ShopDatabase.OpenAsync(recorder: null);
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("shop"))
        {
            await using var db = new ShopContext(ShopDatabase.Options(recorder: null, configure: o => o.AddXRayInterceptor(harness.Recorder, new TracedDbOptions { TraceTransactions = false })));
            await using var transaction = IsAsync ? await db.Database.BeginTransactionAsync() : db.Database.BeginTransaction();
            Assert.Empty(IsAsync ? await db.Items.Where(i => i.Price < 0).ToListAsync() : db.Items.Where(i => i.Price < 0).ToList());
            if (IsAsync)
                await transaction.CommitAsync();
            else
                transaction.Commit();
        }

        var sql = Assert.Single((await harness.SegmentsAsync()).Single().SqlSubsegments());
        Assert.StartsWith("SELECT", sql.Query(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_open_is_a_fault_and_the_provider_exception_reaches_the_caller()
    {
        await ShopDatabase.OpenAsync(recorder: null);
        var wrongPassword = new NpgsqlConnectionStringBuilder(ShopDatabase.ConnectionString) { Password = "Wrong-7b1e-password", Pooling = false }.ConnectionString;
        await using var harness = new TracingHarness();
        Exception error;
        using (harness.Recorder.BeginSegment("shop"))
        {
            await using var db = new ShopContext(ShopDatabase.Options(harness.Recorder, connectionString: wrongPassword));
            error = await Assert.ThrowsAnyAsync<Exception>(async () => _ = IsAsync ? await db.Items.ToListAsync() : db.Items.ToList());
        }

        Assert.Equal("28P01", Assert.IsType<PostgresException>(error).SqlState);
        var sql = Assert.Single((await harness.SegmentsAsync()).Single().SqlSubsegments());
        Assert.True(sql.Flag("fault"));
        Assert.Equal("open", (string?)sql.Json["metadata"]?["sql"]?["operation"]);
        Assert.Equal("28P01", (string?)sql.Json["annotations"]?["sql_state"]);
        Assert.DoesNotContain("Wrong-7b1e-password", harness.Receiver.AllText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_successful_open_is_recorded_only_when_asked(bool traceOpen)
    {
        await ShopDatabase.OpenAsync(recorder: null);
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("shop"))
        {
            await using var db = new ShopContext(ShopDatabase.Options(recorder: null, configure: o => o.AddXRayInterceptor(harness.Recorder, new TracedDbOptions { TraceConnectionOpen = traceOpen })));
            Assert.Empty(IsAsync ? await db.Items.Where(i => i.Price < 0).ToListAsync() : db.Items.Where(i => i.Price < 0).ToList());
        }

        var sqls = (await harness.SegmentsAsync()).Single().SqlSubsegments();
        var opens = sqls.Where(sql => (string?)sql.Json["metadata"]?["sql"]?["operation"] == "open").ToList();
        Assert.Equal(traceOpen ? 1 : 0, opens.Count);
        Assert.All(opens, open => Assert.False(open.Flag("fault")));
        Assert.Single(sqls, sql => sql.Query()?.StartsWith("SELECT", StringComparison.Ordinal) == true);
    }
}

public sealed class ConnectionAndTransactionTestsSync() : ConnectionAndTransactionTests(SyncOrAsync.Sync);

public sealed class ConnectionAndTransactionTestsAsync() : ConnectionAndTransactionTests(SyncOrAsync.Async);
