using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using OpenTelemetry;
using OpenTelemetry.Trace;
using XRay.Data;
using XRay.EFCore.Tests.Shop;
using XRay.Testing;

namespace XRay.EFCore.Tests;

/// <summary>EF Core commands through the interceptor become client Activities exported by the OpenTelemetry SDK.</summary>
[Collection(nameof(ActivityCollection))]
public sealed class ActivityTests
{
    [Fact]
    public async Task SaveChanges_and_a_query_are_Activities_with_summaries_and_no_value()
    {
        var batch = Guid.NewGuid();
        var marker = "mk" + batch.ToString("N")[..16];
        var exported = new List<Activity>();
        using (Sdk.CreateTracerProviderBuilder().AddSource(SqlRecorder.ActivitySourceName).SetSampler(new AlwaysOnSampler()).AddInMemoryExporter(exported).Build())
        {
            await using var harness = new TracingHarness();
            using (harness.Recorder.BeginSegment("shop"))
            {
                await using var db = await ShopDatabase.OpenAsync(harness.Recorder);
                db.Items.Add(new Item { Batch = batch, Name = marker, Price = 4242 });
                await db.SaveChangesAsync();
                Assert.Equal(1, await db.Items.CountAsync(i => i.Batch == batch && i.Name == marker));
            }

            Assert.DoesNotContain(marker, harness.Receiver.AllText(), StringComparison.Ordinal);
        }

        var commands = exported.Where(a => a.GetTagItem("db.query.text") is not null && a.GetTagItem("db.operation.name") is not null).ToList();
        Assert.Equal(2, commands.Count);
        Assert.Equal($"INSERT {ShopDatabase.Schema}.items", commands[0].GetTagItem("db.query.summary"));
        Assert.Equal("INSERT", commands[0].GetTagItem("db.operation.name"));
        Assert.Equal($"SELECT {ShopDatabase.Schema}.items", commands[1].DisplayName);
        Assert.All(exported, a =>
        {
            Assert.Equal(ActivityKind.Client, a.Kind);
            Assert.Equal("postgresql", a.GetTagItem("db.system.name"));
            var text = string.Join("\n", a.TagObjects.Select(t => $"{t.Key}={t.Value}").Append(a.DisplayName).Append(a.StatusDescription));
            Assert.DoesNotContain(marker, text, StringComparison.Ordinal);
            Assert.DoesNotContain("4242", text, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Without_a_segment_a_query_is_still_an_ended_Activity()
    {
        var exported = new List<Activity>();
        using (Sdk.CreateTracerProviderBuilder().AddSource(SqlRecorder.ActivitySourceName).SetSampler(new AlwaysOnSampler()).AddInMemoryExporter(exported).Build())
        {
            await using var harness = new TracingHarness(o => o.ContextMissing = ContextMissingStrategy.RuntimeError);
            await using var db = await ShopDatabase.OpenAsync(harness.Recorder);
            Assert.Equal(0, await db.Items.CountAsync(i => i.Batch == Guid.NewGuid()));
            await harness.AssertNothingSentAsync();
        }

        var query = Assert.Single(exported, a => a.GetTagItem("db.operation.name") is "SELECT");
        Assert.Equal($"SELECT {ShopDatabase.Schema}.items", query.DisplayName);
        Assert.True(query.Duration > TimeSpan.Zero);
    }
}
