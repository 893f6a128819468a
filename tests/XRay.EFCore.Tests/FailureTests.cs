using Microsoft.EntityFrameworkCore;
using Npgsql;
using XRay.EFCore.Tests.Shop;
using XRay.Testing;

namespace XRay.EFCore.Tests;

/// <summary>Each scenario through EF Core's synchronous and its asynchronous API.</summary>
public abstract class FailureTests(SyncOrAsync mode)
{
    private bool IsAsync => mode == SyncOrAsync.Async;

    [Fact]
    public async Task Unique_violation_is_a_fault_with_its_cause_and_reaches_the_caller_unchanged()
    {
        var batch = await ShopDatabase.SeedAsync(1);
        await using var harness = new TracingHarness();
        DbUpdateException thrown;
        using (harness.Recorder.BeginSegment("shop"))
        {
            await using var db = await ShopDatabase.OpenAsync(harness.Recorder);
            db.Items.Add(new Item { Batch = batch, Name = $"item-0-{batch:N}" });
            thrown = IsAsync
                ? await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync())
                : Assert.Throws<DbUpdateException>(() => db.SaveChanges());
        }

        var postgres = Assert.IsType<PostgresException>(thrown.InnerException);
        Assert.Equal(PostgresErrorCodes.UniqueViolation, postgres.SqlState);
        var segment = (await harness.SegmentsAsync()).Single();
        var sql = Assert.Single(segment.Subsegments);
        Assert.True(sql.Flag("fault"));
        Assert.False(sql.Flag("error"));
        Assert.True(sql.Closed());
        Assert.StartsWith("INSERT", sql.Query(), StringComparison.Ordinal);
        var exception = Assert.Single(sql.Json["cause"]!["exceptions"]!.AsArray())!;
        Assert.Equal(typeof(PostgresException).FullName, (string?)exception["type"]);
        Assert.Equal("SaveChanges", sql.CommandSource());
        Assert.Empty(harness.Receiver.Rejected);
    }

    [Fact]
    public async Task Canceled_query_is_closed_as_an_error_not_a_fault()
    {
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("shop"))
        {
            await using var db = await ShopDatabase.OpenAsync(harness.Recorder);
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(
                () => db.Database.SqlQuery<int>($"SELECT 1 AS \"Value\" FROM pg_sleep(5)").ToListAsync(cancel.Token));
        }

        var sql = Assert.Single((await harness.SegmentsAsync()).Single().Subsegments);
        Assert.True(sql.Flag("error"));
        Assert.False(sql.Flag("fault"));
        Assert.True(sql.Closed());
        Assert.Contains("pg_sleep", sql.Query(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Command_timeout_is_a_fault_and_the_subsegment_is_closed()
    {
        await using var harness = new TracingHarness();
        Exception thrown;
        using (harness.Recorder.BeginSegment("shop"))
        {
            await using var db = await ShopDatabase.OpenAsync(harness.Recorder, npgsql => npgsql.CommandTimeout(1));
            thrown = IsAsync
                ? await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("SELECT pg_sleep(3)"))
                : Assert.ThrowsAny<Exception>(() => db.Database.ExecuteSqlRaw("SELECT pg_sleep(3)"));
        }

        Assert.IsType<NpgsqlException>(thrown, exactMatch: false);
        Assert.IsType<TimeoutException>(thrown.InnerException);
        var sql = Assert.Single((await harness.SegmentsAsync()).Single().Subsegments);
        Assert.True(sql.Flag("fault"));
        Assert.True(sql.Closed());
        Assert.NotNull(sql.Json["cause"]);
    }
}

public sealed class FailureTestsSync() : FailureTests(SyncOrAsync.Sync);

public sealed class FailureTestsAsync() : FailureTests(SyncOrAsync.Async);
