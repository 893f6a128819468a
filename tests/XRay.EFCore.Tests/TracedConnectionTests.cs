using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using XRay.Data;
using XRay.EFCore.Tests.Shop;
using XRay.Testing;

namespace XRay.EFCore.Tests;

/// <summary>Each scenario through EF Core's synchronous and its asynchronous API.</summary>
public abstract class TracedConnectionTests(SyncOrAsync mode)
{
    private bool IsAsync => mode == SyncOrAsync.Async;

    [Fact]
    public async Task Context_on_a_traced_connection_saves_queries_and_updates_recording_each_command_once()
    {
        await ShopDatabase.OpenAsync(recorder: null);
        var batch = Guid.NewGuid();
        await using var harness = new TracingHarness();
        long lastRowRead = 0;
        using (harness.Recorder.BeginSegment("shop"))
        {
            await using var connection = new TracedDbConnection(new NpgsqlConnection(ShopDatabase.ConnectionString), harness.Recorder);
            // The interceptor without arguments: the traced connection's own recorder applies to its commands.
            await using var db = new ShopContext(new DbContextOptionsBuilder<ShopContext>().UseNpgsql(connection).AddXRayInterceptor().Options);

            for (var i = 0; i < 3; i++)
                db.Items.Add(new Item { Batch = batch, Name = $"traced-{i}-{batch:N}", Price = i });
            Assert.Equal(3, IsAsync ? await db.SaveChangesAsync() : db.SaveChanges());
            Assert.All(db.Items.Local, item => Assert.NotEqual(0, item.Id));

            var items = db.Items.Local.OrderBy(i => i.Name).ToList();
            items[0].Price = 100;
            items[1].Price = 200;
            db.Items.Remove(items[2]);
            Assert.Equal(3, IsAsync ? await db.SaveChangesAsync() : db.SaveChanges());

            var query = db.Items.AsNoTracking().Where(i => i.Batch == batch);
            var read = 0;
            if (IsAsync)
            {
                await foreach (var item in query.AsAsyncEnumerable())
                {
                    read++;
                    lastRowRead = Clock.NowMicroseconds;
                }
            }
            else
            {
                foreach (var item in query.AsEnumerable())
                {
                    read++;
                    lastRowRead = Clock.NowMicroseconds;
                }
            }

            Assert.Equal(2, read);
            var update = query.Where(i => i.Price > 150);
            Assert.Equal(1, IsAsync ? await update.ExecuteUpdateAsync(s => s.SetProperty(i => i.Price, 7)) : update.ExecuteUpdate(s => s.SetProperty(i => i.Price, 7)));
            Assert.Equal(2, IsAsync ? await query.ExecuteDeleteAsync() : query.ExecuteDelete());
        }

        var all = (await harness.SegmentsAsync()).Single().SqlSubsegments();
        Assert.All(all, sql => Assert.True(sql.Closed()));

        // The COMMIT of each SaveChanges transaction is recorded once too, by the traced transaction.
        Assert.Equal(2, all.Count(sql => sql.Query() == "COMMIT"));
        var sqls = all.Where(sql => sql.Query() != "COMMIT").ToList();
        Assert.Equal(5, sqls.Count);
        Assert.All(sqls, sql => Assert.Equal("postgres@127.0.0.1", sql.Name));
        Assert.All(sqls, sql => Assert.Equal("PostgreSQL", (string?)sql.Sql!["database_type"]));
        Assert.All(sqls, sql => Assert.Equal(typeof(ShopContext).FullName, sql.ContextType()));
        Assert.DoesNotContain(sqls, sql => sql.Flag("fault"));

        Assert.StartsWith("INSERT", sqls[0].Query(), StringComparison.Ordinal);
        Assert.Equal("SaveChanges", sqls[0].CommandSource());
        Assert.Equal(3, sqls[0].RowsAffected());
        Assert.Equal(3, sqls[0].RowsRead());
        Assert.Contains("UPDATE", sqls[1].Query(), StringComparison.Ordinal);
        Assert.Contains("DELETE", sqls[1].Query(), StringComparison.Ordinal);
        Assert.Equal("SaveChanges", sqls[1].CommandSource());
        Assert.Equal(3, sqls[1].RowsAffected());

        Assert.StartsWith("SELECT", sqls[2].Query(), StringComparison.Ordinal);
        Assert.Equal("LinqQuery", sqls[2].CommandSource());
        Assert.Equal(2, sqls[2].RowsRead());
        Assert.True(sqls[2].EndTime() * 1e6 >= lastRowRead - 1, "the subsegment ended before the last row was read");

        Assert.StartsWith("UPDATE", sqls[3].Query(), StringComparison.Ordinal);
        Assert.Equal(1, sqls[3].RowsAffected());
        Assert.StartsWith("DELETE", sqls[4].Query(), StringComparison.Ordinal);
        Assert.Equal(2, sqls[4].RowsAffected());
        Assert.Empty(harness.Receiver.Rejected);
    }

    [Fact]
    public async Task Traced_connection_needs_nothing_from_EF_Core_diagnostics_when_the_context_has_its_own()
    {
        await ShopDatabase.OpenAsync(recorder: null);
        var batch = Guid.NewGuid();
        await using var services = new ServiceCollection()
            .AddSingleton<DiagnosticSource>(new DiagnosticListener("Shop.Diagnostics"))
            .AddEntityFrameworkNpgsql()
            .BuildServiceProvider();
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("shop"))
        {
            await using var connection = new TracedDbConnection(new NpgsqlConnection(ShopDatabase.ConnectionString), harness.Recorder);
            var options = new DbContextOptionsBuilder<ShopContext>()
                .UseInternalServiceProvider(services)
                .UseNpgsql(connection)
                .AddXRayInterceptor()
                .Options;
            await using var db = new ShopContext(options);
            db.Items.Add(new Item { Batch = batch, Name = $"own-{batch:N}", Price = 1 });
            Assert.Equal(1, IsAsync ? await db.SaveChangesAsync() : db.SaveChanges());
            var query = db.Items.AsNoTracking().Where(i => i.Batch == batch);
            Assert.Single(IsAsync ? await query.ToListAsync() : query.ToList());
        }

        var sqls = (await harness.SegmentsAsync()).Single().SqlSubsegments();
        Assert.Equal(2, sqls.Count);
        Assert.All(sqls, sql => Assert.True(sql.Closed()));
        Assert.StartsWith("INSERT", sqls[0].Query(), StringComparison.Ordinal);
        Assert.Equal("SaveChanges", sqls[0].CommandSource());
        Assert.Equal(1, sqls[0].RowsAffected());
        Assert.Equal(1, sqls[0].RowsRead());
        Assert.StartsWith("SELECT", sqls[1].Query(), StringComparison.Ordinal);
        Assert.Equal("LinqQuery", sqls[1].CommandSource());
        Assert.Equal(1, sqls[1].RowsRead());
    }

    [Fact]
    public async Task The_traced_connection_options_apply_to_what_EF_Core_runs_on_it()
    {
        await ShopDatabase.OpenAsync(recorder: null);
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("shop"))
        {
            var options = new TracedDbOptions { QueryCapture = QueryCapture.None, TraceTransactions = false };
            await using var connection = new TracedDbConnection(new NpgsqlConnection(ShopDatabase.ConnectionString), harness.Recorder, options);
            await using var db = new ShopContext(new DbContextOptionsBuilder<ShopContext>().UseNpgsql(connection).AddXRayInterceptor().Options);
            await using (var transaction = IsAsync ? await db.Database.BeginTransactionAsync() : db.Database.BeginTransaction())
            {
                var query = db.Items.AsNoTracking().Where(i => i.Name == "none");
                Assert.Empty(IsAsync ? await query.ToListAsync() : query.ToList());
                if (IsAsync)
                    await transaction.CommitAsync();
                else
                    transaction.Commit();
            }
        }

        var sql = Assert.Single((await harness.SegmentsAsync()).Single().SqlSubsegments());
        Assert.Null(sql.Query());
        Assert.Equal("LinqQuery", sql.CommandSource());
    }

    [Fact]
    public async Task A_transaction_begun_on_the_traced_connection_serves_EF_Core_and_its_commit_is_recorded_once()
    {
        await ShopDatabase.OpenAsync(recorder: null);
        var batch = Guid.NewGuid();
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("shop"))
        {
            await using var connection = new TracedDbConnection(new NpgsqlConnection(ShopDatabase.ConnectionString), harness.Recorder);
            await connection.OpenAsync();
            await using var transaction = connection.BeginTransaction();
            await using var db = new ShopContext(new DbContextOptionsBuilder<ShopContext>().UseNpgsql(connection).AddXRayInterceptor().Options);
            if (IsAsync)
                await db.Database.UseTransactionAsync(transaction);
            else
                db.Database.UseTransaction(transaction);
            db.Items.Add(new Item { Batch = batch, Name = $"shared-{batch:N}", Price = 1 });
            Assert.Equal(1, IsAsync ? await db.SaveChangesAsync() : db.SaveChanges());
            if (IsAsync)
                await transaction.CommitAsync();
            else
                transaction.Commit();
        }

        var sqls = (await harness.SegmentsAsync()).Single().SqlSubsegments();
        // EF Core guards its SaveChanges in the application's transaction with a savepoint of its own.
        Assert.Equal(["SAVEPOINT", "INSERT", "RELEASE", "COMMIT"], sqls.Select(sql => sql.Query()!.Split(' ')[0]));
        Assert.DoesNotContain(sqls, sql => sql.Flag("fault"));
    }

    [Fact]
    public async Task Without_the_interceptor_queries_on_a_traced_connection_are_recorded_once()
    {
        var batch = await ShopDatabase.SeedAsync(2);
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("shop"))
        {
            await using var connection = new TracedDbConnection(new NpgsqlConnection(ShopDatabase.ConnectionString), harness.Recorder);
            await using var db = new ShopContext(new DbContextOptionsBuilder<ShopContext>().UseNpgsql(connection).Options);
            var query = db.Items.AsNoTracking().Where(i => i.Batch == batch);
            Assert.Equal(2, (IsAsync ? await query.ToListAsync() : query.ToList()).Count);
        }

        var sql = Assert.Single((await harness.SegmentsAsync()).Single().SqlSubsegments());
        Assert.StartsWith("SELECT", sql.Query(), StringComparison.Ordinal);
        Assert.Equal(2, sql.RowsRead());
        Assert.Null(sql.CommandSource());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Context_on_a_traced_connection_saves_untraced_when_unsampled_or_outside_any_segment(bool inSegment)
    {
        await ShopDatabase.OpenAsync(recorder: null);
        var batch = Guid.NewGuid();
        await using var harness = new TracingHarness(o => o.SamplingRules = new SamplingRules(new SamplingRule(fixedTarget: 0, rate: 0)));
        using (inSegment ? harness.Recorder.BeginSegment("shop") : null)
        {
            await using var connection = new TracedDbConnection(new NpgsqlConnection(ShopDatabase.ConnectionString), harness.Recorder);
            await using var db = new ShopContext(new DbContextOptionsBuilder<ShopContext>().UseNpgsql(connection).AddXRayInterceptor().Options);
            db.Items.Add(new Item { Batch = batch, Name = $"untraced-{batch:N}", Price = 1 });
            Assert.Equal(1, IsAsync ? await db.SaveChangesAsync() : db.SaveChanges());
            var query = db.Items.AsNoTracking().Where(i => i.Batch == batch);
            Assert.Single(IsAsync ? await query.ToListAsync() : query.ToList());
        }

        await harness.Recorder.FlushAsync();
        await harness.AssertNothingSentAsync();
        Assert.Equal(inSegment ? 0 : 1, Math.Sign(harness.Recorder.ContextMissingCount));
    }
}

public sealed class TracedConnectionTestsSync() : TracedConnectionTests(SyncOrAsync.Sync);

public sealed class TracedConnectionTestsAsync() : TracedConnectionTests(SyncOrAsync.Async);
