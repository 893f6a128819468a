using Microsoft.EntityFrameworkCore;
using XRay.Data;
using XRay.EFCore.Tests.Shop;
using XRay.Testing;

namespace XRay.EFCore.Tests;

/// <summary>Each scenario through EF Core's synchronous and its asynchronous API.</summary>
public abstract class QueryTests(SyncOrAsync mode)
{
    private bool IsAsync => mode == SyncOrAsync.Async;

    [Fact]
    public async Task Tracked_query_is_one_sql_subsegment_that_ends_after_the_rows_are_read()
    {
        var batch = await ShopDatabase.SeedAsync(3);
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("shop"))
        {
            await using var db = await ShopDatabase.OpenAsync(harness.Recorder);
            var query = db.Items.Where(i => i.Batch == batch).OrderBy(i => i.Name);
            var items = IsAsync ? await query.ToListAsync() : query.ToList();
            Assert.Equal(3, items.Count);
            Assert.Equal(3, db.ChangeTracker.Entries().Count());
        }

        var segment = (await harness.SegmentsAsync()).Single();
        var sql = Assert.Single(segment.Subsegments);
        Assert.Equal("postgres@127.0.0.1", sql.Name);
        Assert.Equal("remote", (string?)sql.Json["namespace"]);
        Assert.Equal("PostgreSQL", (string?)sql.Sql!["database_type"]);
        Assert.Equal("statement", (string?)sql.Sql["preparation"]);
        Assert.StartsWith("SELECT", sql.Query());
        Assert.Equal(3, sql.RowsRead());
        Assert.Equal("LinqQuery", sql.CommandSource());
        Assert.Equal(typeof(ShopContext).FullName, sql.ContextType());
        Assert.True(sql.Closed());
        Assert.False(sql.Flag("fault"));
        Assert.Empty(harness.Receiver.Rejected);
    }

    [Fact]
    public async Task No_tracking_query_is_recorded_with_its_rows()
    {
        var batch = await ShopDatabase.SeedAsync(2);
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("shop"))
        {
            await using var db = await ShopDatabase.OpenAsync(harness.Recorder);
            var query = db.Items.AsNoTracking().Where(i => i.Batch == batch);
            var items = IsAsync ? await query.ToListAsync() : query.ToList();
            Assert.Equal(2, items.Count);
            Assert.Empty(db.ChangeTracker.Entries());
        }

        var sql = Assert.Single((await harness.SegmentsAsync()).Single().Subsegments);
        Assert.Equal(2, sql.RowsRead());
        Assert.True(sql.Closed());
    }

    [Fact]
    public async Task Split_query_records_each_of_its_commands_and_never_a_wrong_row_count()
    {
        var batch = await ShopDatabase.SeedAsync(3);
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("shop"))
        {
            await using var db = await ShopDatabase.OpenAsync(harness.Recorder);
            var query = db.Items.Where(i => i.Batch == batch).Include(i => i.Tags).OrderBy(i => i.Id).AsSplitQuery();
            var items = IsAsync ? await query.ToListAsync() : query.ToList();
            Assert.All(items, item => Assert.Equal(2, item.Tags.Count));
        }

        var sqls = (await harness.SegmentsAsync()).Single().Subsegments;
        Assert.Equal(2, sqls.Count);
        Assert.DoesNotContain("tags", sqls[0].Query(), StringComparison.Ordinal);
        Assert.Equal(3, sqls[0].RowsRead());
        Assert.Contains("tags", sqls[1].Query(), StringComparison.Ordinal);
        // EF Core reads an include's rows past its own read count: unknown is recorded as absent, never as zero.
        Assert.Null(sqls[1].RowsRead());
        Assert.All(sqls, sql => Assert.True(sql.Closed()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Streaming_with_AsAsyncEnumerable_ends_when_the_reader_closes(bool stopEarly)
    {
        var batch = await ShopDatabase.SeedAsync(3);
        await using var harness = new TracingHarness();
        long lastRowRead = 0;
        using (harness.Recorder.BeginSegment("shop"))
        {
            await using var db = await ShopDatabase.OpenAsync(harness.Recorder);
            await foreach (var item in db.Items.Where(i => i.Batch == batch).AsAsyncEnumerable())
            {
                // Other work while the reader is open happens inside the command's subsegment.
                await Task.Yield();
                lastRowRead = Clock.NowMicroseconds;
                if (stopEarly)
                    break;
            }
        }

        var sql = Assert.Single((await harness.SegmentsAsync()).Single().Subsegments);
        Assert.True(sql.Closed());
        Assert.True(sql.EndTime() * 1e6 >= lastRowRead - 1, "the subsegment ended before the last row was read");
        if (!stopEarly)
            Assert.Equal(3, sql.RowsRead());
    }

    [Fact]
    public async Task FromSql_sends_its_interpolated_values_as_parameters_that_never_reach_a_datagram()
    {
        var batch = await ShopDatabase.SeedAsync(2);
        var name = $"item-1-{batch:N}";
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("shop"))
        {
            await using var db = await ShopDatabase.OpenAsync(harness.Recorder);
            var query = db.Items.FromSql($"SELECT * FROM items WHERE \"Batch\" = {batch} AND \"Name\" = {name}");
            var items = IsAsync ? await query.ToListAsync() : query.ToList();
            Assert.Equal(name, Assert.Single(items).Name);
        }

        var sql = Assert.Single((await harness.SegmentsAsync()).Single().Subsegments);
        Assert.Equal("FromSqlQuery", sql.CommandSource());
        Assert.Contains("@p0", sql.Query(), StringComparison.Ordinal);
        Assert.Contains("@p1", sql.Query(), StringComparison.Ordinal);
        Assert.Equal(1, sql.RowsRead());
        var wire = harness.Receiver.AllText();
        Assert.DoesNotContain(batch.ToString("N")[..12], wire, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(batch.ToString("D")[..12], wire, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Constant_inlined_into_the_query_never_reaches_a_datagram()
    {
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("shop"))
        {
            await using var db = await ShopDatabase.OpenAsync(harness.Recorder);
            var query = db.Items.Where(i => i.Name == "Tr0ub4dor-inlined-constant");
            var items = IsAsync ? await query.ToListAsync() : query.ToList();
            Assert.Empty(items);
        }

        var sql = Assert.Single((await harness.SegmentsAsync()).Single().Subsegments);
        Assert.Contains("WHERE", sql.Query(), StringComparison.Ordinal);
        Assert.DoesNotContain("Tr0ub4dor", harness.Receiver.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Raw_capture_records_the_query_as_EF_Core_sent_it()
    {
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("shop"))
        {
            await using var db = new ShopContext(ShopDatabase.Options(recorder: null, configure: o => o.AddXRayInterceptor(harness.Recorder, new TracedDbOptions { QueryCapture = QueryCapture.Raw })));
            await ShopDatabase.OpenAsync(recorder: null);
            Assert.Empty(await db.Items.Where(i => i.Name == "Tr0ub4dor-inlined-constant").ToListAsync());
        }

        var sql = Assert.Single((await harness.SegmentsAsync()).Single().Subsegments);
        Assert.Contains("'Tr0ub4dor-inlined-constant'", sql.Query(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_tags_stay_when_comments_are_kept()
    {
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("shop"))
        {
            await using var db = new ShopContext(ShopDatabase.Options(recorder: null, configure: o => o.AddXRayInterceptor(harness.Recorder, new TracedDbOptions { KeepComments = true })));
            await ShopDatabase.OpenAsync(recorder: null);
            Assert.Empty(await db.Items.TagWith("orders page").Where(i => i.Name == "Tr0ub4dor-inlined-constant").ToListAsync());
        }

        var sql = Assert.Single((await harness.SegmentsAsync()).Single().Subsegments);
        Assert.StartsWith("-- orders page", sql.Query(), StringComparison.Ordinal);
        Assert.DoesNotContain("Tr0ub4dor", harness.Receiver.AllText(), StringComparison.Ordinal);
    }
}

public sealed class QueryTestsSync() : QueryTests(SyncOrAsync.Sync);

public sealed class QueryTestsAsync() : QueryTests(SyncOrAsync.Async);
