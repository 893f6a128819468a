using System.Diagnostics;
using Dapper;
using XRay.Data.Tests.Ado;
using XRay.Testing;

namespace XRay.Data.Tests.Recording;

/// <summary>
/// With <see cref="TracedDbOptions.JoinActivityTrace"/>, a command run under an OpenTelemetry Activity and no X-Ray
/// segment is sent as a streamed subsegment in that Activity's trace, under its span.
/// </summary>
[Collection(nameof(ActivityCollection))]
public sealed class ActivityTraceTests
{
    [Fact]
    public async Task Subsegment_joins_the_trace_of_the_current_Activity_under_its_span()
    {
        using var sdk = new ListeningSdk(ListeningSdk.AppSource);
        await using var harness = new TracingHarness(o => o.ContextMissing = ContextMissingStrategy.RuntimeError);
        using (var request = ListeningSdk.App.StartActivity("request"))
        {
            Assert.NotNull(request);
            await using var connection = await TracedPostgres.OpenAsync(harness, new TracedDbOptions { JoinActivityTrace = true });
            Assert.Equal(5, await connection.ExecuteScalarAsync<int>("select 5"));

            await harness.Recorder.FlushAsync();
            Assert.Equal(1, await harness.Receiver.SettleAsync());
            var document = Assert.Single(harness.Receiver.Documents);
            var hex = request.TraceId.ToHexString();
            Assert.Equal("subsegment", (string?)document["type"]);
            Assert.Equal($"1-{hex[..8]}-{hex[8..]}", (string?)document["trace_id"]);
            Assert.Equal(request.SpanId.ToHexString(), (string?)document["parent_id"]);
            Assert.Equal("select ?", (string?)document["sql"]?["sanitized_query"]);
            Assert.NotNull(document["end_time"]);
        }
    }

    [Fact]
    public async Task An_unrecorded_Activity_is_an_unsampled_trace_and_nothing_is_sent()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ListeningSdk.AppSource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
        };
        ActivitySource.AddActivityListener(listener);
        await using var harness = new TracingHarness(o => o.ContextMissing = ContextMissingStrategy.RuntimeError);
        using (var request = ListeningSdk.App.StartActivity("request"))
        {
            Assert.NotNull(request);
            Assert.False(request.Recorded);
            await using var connection = await TracedPostgres.OpenAsync(harness, new TracedDbOptions { JoinActivityTrace = true });
            Assert.Equal(6, await connection.ExecuteScalarAsync<int>("select 6"));
        }

        await harness.AssertNothingSentAsync();
    }

    [Fact]
    public async Task Without_the_option_no_segment_is_context_missing_as_before()
    {
        using var sdk = new ListeningSdk(ListeningSdk.AppSource);
        await using var harness = new TracingHarness(o => o.ContextMissing = ContextMissingStrategy.RuntimeError);
        using var request = ListeningSdk.App.StartActivity("request");
        await using var connection = await TracedPostgres.OpenAsync(harness);

        await Assert.ThrowsAsync<ContextMissingException>(() => connection.ExecuteScalarAsync<int>("select 7"));
    }
}
