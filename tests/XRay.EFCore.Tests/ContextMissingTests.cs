using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using XRay.Data;
using XRay.EFCore.Tests.Shop;
using XRay.Testing;

namespace XRay.EFCore.Tests;

public sealed class ContextMissingTests
{
    [Theory]
    [InlineData(ContextMissingStrategy.LogError, false)]
    [InlineData(ContextMissingStrategy.LogError, true)]
    [InlineData(ContextMissingStrategy.IgnoreError, false)]
    [InlineData(ContextMissingStrategy.IgnoreError, true)]
    [InlineData(ContextMissingStrategy.RuntimeError, false)]
    [InlineData(ContextMissingStrategy.RuntimeError, true)]
    public async Task Without_a_segment_EF_Core_runs_untraced_under_the_context_missing_strategy(ContextMissingStrategy strategy, bool async)
    {
        var batch = await ShopDatabase.SeedAsync(2);
        var logger = new ListLogger();
        await using var harness = new TracingHarness(o =>
        {
            o.ContextMissing = strategy;
            o.Logger = logger;
        });

        await using (var db = await ShopDatabase.OpenAsync(harness.Recorder))
        {
            for (var i = 0; i < 3; i++)
            {
                var query = db.Items.Where(item => item.Batch == batch);
                Assert.Equal(2, async ? await query.CountAsync() : query.Count());
            }
        }

        await harness.Recorder.FlushAsync();
        await harness.AssertNothingSentAsync();
        var errors = logger.Entries.Where(e => e.Level == LogLevel.Error).ToList();
        switch (strategy)
        {
            case ContextMissingStrategy.LogError:
                Assert.Single(errors);
                Assert.Equal(3, harness.Recorder.ContextMissingCount);
                break;
            case ContextMissingStrategy.IgnoreError:
                Assert.Empty(errors);
                break;
            case ContextMissingStrategy.RuntimeError:
                // Never thrown into EF Core: every untraced command is reported instead.
                Assert.Equal(3, errors.Count);
                Assert.All(errors, e => Assert.IsType<ContextMissingException>(e.Exception));
                break;
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Unsampled_segment_records_nothing(bool async)
    {
        var batch = await ShopDatabase.SeedAsync(1);
        await using var harness = new TracingHarness(o => o.SamplingRules = new SamplingRules(new SamplingRule(fixedTarget: 0, rate: 0)));
        using (var segment = harness.Recorder.BeginSegment("shop"))
        {
            Assert.False(segment.Sampled);
            await using var db = await ShopDatabase.OpenAsync(harness.Recorder);
            var query = db.Items.Where(item => item.Batch == batch);
            Assert.Single(async ? await query.ToListAsync() : query.ToList());
        }

        await harness.Recorder.FlushAsync();
        await harness.AssertNothingSentAsync();
        Assert.Equal(0, harness.Recorder.ContextMissingCount);
    }
}
