using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using XRay.EFCore.Tests.Shop;
using XRay.Testing;

namespace XRay.EFCore.Tests;

/// <summary>Each scenario through EF Core's synchronous and its asynchronous API.</summary>
public abstract class PairingTests(SyncOrAsync mode)
{
    private bool IsAsync => mode == SyncOrAsync.Async;

    [Fact]
    public async Task Interleaved_readers_in_one_flow_end_their_own_subsegments()
    {
        var few = await ShopDatabase.SeedAsync(2);
        var many = await ShopDatabase.SeedAsync(3);
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("shop"))
        {
            await using var first = await ShopDatabase.OpenAsync(harness.Recorder);
            await using var second = await ShopDatabase.OpenAsync(harness.Recorder);
            await using var outer = first.Items.Where(i => i.Batch == few).AsAsyncEnumerable().GetAsyncEnumerator();
            Assert.True(await outer.MoveNextAsync());
            Assert.Equal(3, (await second.Items.Where(i => i.Batch == many).ToListAsync()).Count);
            Assert.True(await outer.MoveNextAsync());
            Assert.False(await outer.MoveNextAsync());
        }

        var sqls = (await harness.SegmentsAsync()).Single().Subsegments;
        Assert.Equal(2, sqls.Count);
        Assert.Equal([2L, 3L], sqls.Select(s => s.RowsRead()!.Value));
        Assert.True(sqls[0].EndTime() >= sqls[1].EndTime());
    }

    [Fact]
    public async Task Execution_answered_by_an_earlier_interceptor_is_not_recorded()
    {
        var batch = await ShopDatabase.SeedAsync(2);
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("shop"))
        {
            var options = ShopDatabase.Options(recorder: null, configure: o => o
                .AddInterceptors(new AnswerDeletes())
                .AddXRayInterceptor(harness.Recorder));
            await using var db = new ShopContext(options);
            var delete = db.Items.Where(i => i.Batch == batch);
            Assert.Equal(42, IsAsync ? await delete.ExecuteDeleteAsync() : delete.ExecuteDelete());
            Assert.Equal(2, IsAsync ? await delete.CountAsync() : delete.Count());
        }

        var sql = Assert.Single((await harness.SegmentsAsync()).Single().Subsegments);
        Assert.StartsWith("SELECT", sql.Query(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Interceptor_added_twice_records_each_command_once()
    {
        var batch = await ShopDatabase.SeedAsync(2);
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("shop"))
        {
            var options = ShopDatabase.Options(harness.Recorder, configure: o => o.AddXRayInterceptor(harness.Recorder));
            await using var db = new ShopContext(options);
            var query = db.Items.Where(i => i.Batch == batch);
            Assert.Equal(2, (IsAsync ? await query.ToListAsync() : query.ToList()).Count);
            Assert.Equal(2, IsAsync ? await query.ExecuteUpdateAsync(s => s.SetProperty(i => i.Price, 1)) : query.ExecuteUpdate(s => s.SetProperty(i => i.Price, 1)));
            Assert.Equal(2, (IsAsync ? await query.ToListAsync() : query.ToList()).Count);
        }

        var sqls = (await harness.SegmentsAsync()).Single().Subsegments;
        Assert.Equal(3, sqls.Count);
        Assert.Equal([2L, 2L], sqls.Where(s => s.RowsRead() is not null).Select(s => s.RowsRead()!.Value));
        Assert.Equal(2, sqls[1].RowsAffected());
    }

    /// <summary>Answers every non-query itself, as a caching or testing interceptor would.</summary>
    private sealed class AnswerDeletes : DbCommandInterceptor
    {
        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
            => InterceptionResult<int>.SuppressWithResult(42);

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
            => new(InterceptionResult<int>.SuppressWithResult(42));
    }
}

public sealed class PairingTestsSync() : PairingTests(SyncOrAsync.Sync);

public sealed class PairingTestsAsync() : PairingTests(SyncOrAsync.Async);
