using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XRay.EFCore.Tests.Shop;
using XRay.Testing;

namespace XRay.EFCore.Tests;

public sealed class ParallelTests
{
    private const int Workers = 16;

    [Fact]
    public async Task Sixteen_contexts_from_AddDbContextPool_in_parallel_tasks_keep_every_subsegment_under_its_own_segment()
    {
        var batch = await ShopDatabase.SeedAsync(Workers);
        await ShopDatabase.OpenAsync(recorder: null);
        await using var harness = new TracingHarness();
        await using var services = new ServiceCollection()
            .AddDbContextPool<ShopContext>(o => o.UseNpgsql(ShopDatabase.ConnectionString).AddXRayInterceptor(harness.Recorder), poolSize: 8)
            .BuildServiceProvider();
        using var start = new ManualResetEventSlim();

        var workers = Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            start.Wait();
            using var segment = harness.Recorder.BeginSegment("worker");
            segment.AddAnnotation("worker", worker);
            await using var outerScope = services.CreateAsyncScope();
            await using var innerScope = services.CreateAsyncScope();
            var outer = outerScope.ServiceProvider.GetRequiredService<ShopContext>();
            var inner = innerScope.ServiceProvider.GetRequiredService<ShopContext>();

            // Each worker reads as many rows as its number, streaming them while another context runs its own query.
            var names = new List<string>();
            await foreach (var item in outer.Items.Where(i => i.Batch == batch).OrderBy(i => i.Price).Take(worker).AsAsyncEnumerable())
            {
                names.Add(item.Name);
                await inner.Items.Where(i => i.Name == item.Name).Select(i => i.Id).SingleAsync();
            }

            Assert.Equal(worker, names.Count);
            Assert.Equal(worker + 1, await inner.Items.Where(i => i.Batch == batch && i.Price <= 10 + worker).CountAsync());
        })).ToList();
        start.Set();
        await Task.WhenAll(workers);

        var segments = await harness.SegmentsAsync(Workers);
        Assert.Equal(Workers, segments.Count);
        Assert.Equal(Workers, segments.Select(s => s.TraceId).Distinct().Count());
        foreach (var segment in segments)
        {
            var worker = (int)segment.Json["annotations"]!["worker"]!;
            var sqls = segment.Subsegments;
            Assert.All(sqls, sql => Assert.NotNull(sql.Sql));
            Assert.All(sqls, sql => Assert.True(sql.Closed()));
            Assert.Equal(worker + 2, sqls.Count);
            var stream = sqls.Single(sql => sql.Query()!.Contains("ORDER BY", StringComparison.Ordinal));
            Assert.Equal(worker, stream.RowsRead());
            Assert.Equal(worker, sqls.Count(sql => sql.RowsRead() == 1 && sql.Query()!.Contains("\"Name\" =", StringComparison.Ordinal)));
        }

        Assert.Empty(harness.Receiver.Rejected);
    }
}
