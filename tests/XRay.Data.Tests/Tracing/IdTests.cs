using System.Text.RegularExpressions;

namespace XRay.Data.Tests.Tracing;

public sealed partial class IdTests
{
    [GeneratedRegex("^1-[0-9a-f]{8}-[0-9a-f]{24}$")]
    private static partial Regex TraceIdShape();

    [GeneratedRegex("^[0-9a-f]{16}$")]
    private static partial Regex EntityIdShape();

    [Fact]
    public void Trace_id_has_the_documented_shape_and_the_current_epoch()
    {
        var id = TraceId.NewId();
        Assert.Matches(TraceIdShape(), id.ToString());
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.InRange((long)id.EpochSeconds, now - 5, now + 5);
        Assert.Equal(now.ToString("x8")[..6], id.ToString()[2..8]);
    }

    [Fact]
    public void Entity_id_is_sixteen_lower_case_hex_digits()
    {
        for (var i = 0; i < 1000; i++)
            Assert.Matches(EntityIdShape(), EntityId.NewId().ToString());
    }

    [Fact]
    public void Ids_do_not_repeat_across_threads()
    {
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<string, byte>();
        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                Assert.True(seen.TryAdd(EntityId.NewId().ToString(), 0));
                Assert.True(seen.TryAdd(TraceId.NewId().ToString(), 0));
            }
        });
        Assert.Equal(320_000, seen.Count);
    }

    [Fact]
    public void Text_forms_round_trip()
    {
        var trace = TraceId.NewId();
        Assert.True(TraceId.TryParse(trace.ToString(), out var parsedTrace));
        Assert.Equal(trace, parsedTrace);

        var entity = EntityId.NewId();
        Assert.True(EntityId.TryParse(entity.ToString(), out var parsedEntity));
        Assert.Equal(entity, parsedEntity);

        Span<byte> utf8 = stackalloc byte[TraceId.Length];
        Assert.True(trace.TryFormat(utf8, out var written));
        Assert.Equal(trace.ToString(), System.Text.Encoding.ASCII.GetString(utf8[..written]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1-5759e988-bd862e3fe1be46a994272793x")]
    [InlineData("2-5759e988-bd862e3fe1be46a994272793")]
    [InlineData("1-5759e988_bd862e3fe1be46a994272793")]
    [InlineData("1-5759e98-8bd862e3fe1be46a994272793")]
    [InlineData("1- 759e988-bd862e3fe1be46a994272793")]
    [InlineData("1-5759e988-bd862e3fe1be46a99427279G")]
    public void Malformed_trace_ids_are_refused(string text) => Assert.False(TraceId.TryParse(text, out _));

    [Theory]
    [InlineData("")]
    [InlineData("53995c3f42cd8ad")]
    [InlineData("53995c3f42cd8ad8a")]
    [InlineData("53995c3f42cd8adz")]
    public void Malformed_entity_ids_are_refused(string text) => Assert.False(EntityId.TryParse(text, out _));
}
