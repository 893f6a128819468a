using Microsoft.EntityFrameworkCore;
using Npgsql;
using XRay.Data;
using XRay.EFCore.Tests.Shop;
using XRay.Testing;

namespace XRay.EFCore.Tests;

public sealed class TracedConnectionTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Context_on_a_traced_connection_with_the_interceptor_records_each_command_once(bool async)
    {
        var batch = await ShopDatabase.SeedAsync(3);
        await ShopDatabase.OpenAsync(recorder: null);
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("shop"))
        {
            await using var connection = new TracedDbConnection(new NpgsqlConnection(ShopDatabase.ConnectionString), harness.Recorder);
            var options = new DbContextOptionsBuilder<ShopContext>()
                .UseNpgsql(connection)
                .AddXRayInterceptor(x => x.Recorder = harness.Recorder)
                .Options;
            await using var db = new ShopContext(options);
            var query = db.Items.Where(i => i.Batch == batch);
            Assert.Equal(3, (async ? await query.ToListAsync() : query.ToList()).Count);
            Assert.Equal(3, async ? await query.ExecuteUpdateAsync(s => s.SetProperty(i => i.Price, 7)) : query.ExecuteUpdate(s => s.SetProperty(i => i.Price, 7)));
            Assert.Equal(3, async ? await query.CountAsync() : query.Count());
        }

        var sqls = (await harness.SegmentsAsync()).Single().SqlSubsegments();
        Assert.Equal(3, sqls.Count);
        Assert.StartsWith("SELECT", sqls[0].Query(), StringComparison.Ordinal);
        Assert.StartsWith("UPDATE", sqls[1].Query(), StringComparison.Ordinal);
        Assert.StartsWith("SELECT count", sqls[2].Query(), StringComparison.Ordinal);
        Assert.All(sqls, sql => Assert.True(sql.Closed()));
    }
}
