using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using XRay.Data;
using XRay.EFCore.Tests.Shop;
using XRay.Testing;

namespace XRay.EFCore.Tests;

/// <summary>Each scenario through EF Core's synchronous and its asynchronous API.</summary>
public abstract class ContextMissingTests(SyncOrAsync mode)
{
    private bool IsAsync => mode == SyncOrAsync.Async;

    [Theory]
    [InlineData(ContextMissingStrategy.LogError)]
    [InlineData(ContextMissingStrategy.IgnoreError)]
    [InlineData(ContextMissingStrategy.RuntimeError)]
    public async Task Without_a_segment_EF_Core_runs_untraced_under_the_context_missing_strategy(ContextMissingStrategy strategy)
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
                Assert.Equal(2, IsAsync ? await query.CountAsync() : query.Count());
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

    [Fact]
    public async Task Unsampled_segment_records_nothing()
    {
        var batch = await ShopDatabase.SeedAsync(1);
        await using var harness = new TracingHarness(o => o.SamplingRules = new SamplingRules(new SamplingRule(fixedTarget: 0, rate: 0)));
        using (var segment = harness.Recorder.BeginSegment("shop"))
        {
            Assert.False(segment.Sampled);
            await using var db = await ShopDatabase.OpenAsync(harness.Recorder);
            var query = db.Items.Where(item => item.Batch == batch);
            Assert.Single(IsAsync ? await query.ToListAsync() : query.ToList());
        }

        await harness.Recorder.FlushAsync();
        await harness.AssertNothingSentAsync();
        Assert.Equal(0, harness.Recorder.ContextMissingCount);
    }
}

public sealed class ContextMissingTestsSync() : ContextMissingTests(SyncOrAsync.Sync);

public sealed class ContextMissingTestsAsync() : ContextMissingTests(SyncOrAsync.Async);
