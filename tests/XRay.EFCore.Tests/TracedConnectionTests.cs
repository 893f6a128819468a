using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using XRay.Data;
using XRay.EFCore.Tests.Shop;
using XRay.Testing;

namespace XRay.EFCore.Tests;

public sealed class TracedConnectionTests
{
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task Context_on_a_traced_connection_saves_queries_and_updates_recording_each_command_once(bool async, bool interceptor)
    {
        await ShopDatabase.OpenAsync(recorder: null);
        var batch = Guid.NewGuid();
        await using var harness = new TracingHarness();
        long lastRowRead = 0;
        using (harness.Recorder.BeginSegment("shop"))
        {
            await using var connection = new TracedDbConnection(new NpgsqlConnection(ShopDatabase.ConnectionString), harness.Recorder);
            var options = new DbContextOptionsBuilder<ShopContext>().UseNpgsql(connection);
            if (interceptor)
                options.AddXRayInterceptor(x => x.Recorder = harness.Recorder);
            await using var db = new ShopContext(options.Options);

            for (var i = 0; i < 3; i++)
                db.Items.Add(new Item { Batch = batch, Name = $"traced-{i}-{batch:N}", Price = i });
            Assert.Equal(3, async ? await db.SaveChangesAsync() : db.SaveChanges());
            Assert.All(db.Items.Local, item => Assert.NotEqual(0, item.Id));

            var items = db.Items.Local.OrderBy(i => i.Name).ToList();
            items[0].Price = 100;
            items[1].Price = 200;
            db.Items.Remove(items[2]);
            Assert.Equal(3, async ? await db.SaveChangesAsync() : db.SaveChanges());

            var query = db.Items.AsNoTracking().Where(i => i.Batch == batch);
            var read = 0;
            if (async)
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
            Assert.Equal(1, async ? await update.ExecuteUpdateAsync(s => s.SetProperty(i => i.Price, 7)) : update.ExecuteUpdate(s => s.SetProperty(i => i.Price, 7)));
            Assert.Equal(2, async ? await query.ExecuteDeleteAsync() : query.ExecuteDelete());
        }

        var all = (await harness.SegmentsAsync()).Single().SqlSubsegments();
        Assert.All(all, sql => Assert.True(sql.Closed()));

        // The traced connection also records the COMMIT of each SaveChanges transaction.
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

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Interceptor_gives_EF_Core_the_provider_reader_when_the_context_has_its_own_diagnostic_source(bool async)
    {
        await ShopDatabase.OpenAsync(recorder: null);
        var batch = Guid.NewGuid();
        // A diagnostic source of the application's own: the traced connection cannot see EF Core's executions.
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
                .AddXRayInterceptor(x => x.Recorder = harness.Recorder)
                .Options;
            await using var db = new ShopContext(options);
            db.Items.Add(new Item { Batch = batch, Name = $"own-{batch:N}", Price = 1 });
            Assert.Equal(1, async ? await db.SaveChangesAsync() : db.SaveChanges());
            var query = db.Items.AsNoTracking().Where(i => i.Batch == batch);
            Assert.Single(async ? await query.ToListAsync() : query.ToList());
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

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task Context_on_a_traced_connection_saves_untraced_when_unsampled_or_outside_any_segment(bool async, bool inSegment)
    {
        await ShopDatabase.OpenAsync(recorder: null);
        var batch = Guid.NewGuid();
        await using var harness = new TracingHarness(o => o.SamplingRules = new SamplingRules(new SamplingRule(fixedTarget: 0, rate: 0)));
        using (inSegment ? harness.Recorder.BeginSegment("shop") : null)
        {
            await using var connection = new TracedDbConnection(new NpgsqlConnection(ShopDatabase.ConnectionString), harness.Recorder);
            await using var db = new ShopContext(new DbContextOptionsBuilder<ShopContext>().UseNpgsql(connection).Options);
            db.Items.Add(new Item { Batch = batch, Name = $"untraced-{batch:N}", Price = 1 });
            Assert.Equal(1, async ? await db.SaveChangesAsync() : db.SaveChanges());
            var query = db.Items.AsNoTracking().Where(i => i.Batch == batch);
            Assert.Single(async ? await query.ToListAsync() : query.ToList());
        }

        await harness.Recorder.FlushAsync();
        Assert.Equal(0, await harness.Receiver.SettleAsync());
        Assert.Equal(inSegment ? 0 : 1, Math.Sign(harness.Recorder.ContextMissingCount));
    }
}
