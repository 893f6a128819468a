namespace XRay.Data.Tests.Tracing;

public sealed class TraceHeaderTests
{
    private const string Root = "1-5759e988-bd862e3fe1be46a994272793";

    [Fact]
    public void Full_header_is_parsed()
    {
        Assert.True(TraceHeader.TryParse($"Root={Root};Parent=53995c3f42cd8ad8;Sampled=1", out var header));
        Assert.Equal(Root, header!.Root.ToString());
        Assert.Equal("53995c3f42cd8ad8", header.Parent.ToString());
        Assert.Equal(SamplingDecision.Sampled, header.Sampled);
    }

    [Theory]
    [InlineData("Sampled=1", SamplingDecision.Sampled)]
    [InlineData("Sampled=0", SamplingDecision.NotSampled)]
    [InlineData("Sampled=?", SamplingDecision.Unknown)]
    [InlineData("Sampled=yes", SamplingDecision.Unknown)]
    [InlineData("", SamplingDecision.Unknown)]
    public void Sampled_key_gives_the_decision(string sampled, SamplingDecision expected)
    {
        Assert.True(TraceHeader.TryParse($"Root={Root};{sampled}", out var header));
        Assert.Equal(expected, header!.Sampled);
    }

    [Fact]
    public void Unknown_keys_survive_in_order()
    {
        Assert.True(TraceHeader.TryParse($"Self=1-67891234-12456789abcdef012345678;Root={Root};Parent=53995c3f42cd8ad8;Sampled=1;Lineage=a87bd80c:1|68fd508a:5", out var header));
        Assert.Equal("Self=1-67891234-12456789abcdef012345678;Lineage=a87bd80c:1|68fd508a:5", header!.Extra);
        Assert.Equal($"Root={Root};Parent=53995c3f42cd8ad8;Sampled=1;Self=1-67891234-12456789abcdef012345678;Lineage=a87bd80c:1|68fd508a:5", header.ToString());
    }

    [Fact]
    public void Spaces_around_keys_and_values_are_tolerated()
    {
        Assert.True(TraceHeader.TryParse($" Root = {Root} ; Parent = 53995c3f42cd8ad8 ; Sampled = 0 ;", out var header));
        Assert.Equal(SamplingDecision.NotSampled, header!.Sampled);
        Assert.NotNull(header.Parent);
    }

    [Fact]
    public void Header_round_trips_through_its_text()
    {
        var header = new TraceHeader(TraceId.NewId(), EntityId.NewId(), SamplingDecision.Sampled, "Lineage=x:1");
        Assert.True(TraceHeader.TryParse(header.ToString(), out var parsed));
        Assert.Equal(header.ToString(), parsed!.ToString());
    }

    [Fact]
    public void A_malformed_parent_keeps_the_trace_but_loses_the_link()
    {
        Assert.True(TraceHeader.TryParse($"Root={Root};Parent=not-hex;Sampled=1", out var header));
        Assert.Null(header!.Parent);
        Assert.Equal(Root, header.Root.ToString());
    }

    public static TheoryData<string?> HostileHeaders() => new()
    {
        null,
        "",
        "   ",
        ";;;;",
        "Root=",
        "Root=1-xyz",
        "Parent=53995c3f42cd8ad8;Sampled=1",
        "Root=1-5759e988-bd862e3fe1be46a994272793\0",
        "Root=1-5759e988-bd862e3fe1be46a9942727931",
        "=====",
        "Root=" + new string('a', 5000),
        "Root=1-5759e988-bd862e3fe1be46a994272793;" + string.Concat(Enumerable.Repeat("k=v;", 1000)),
        "Root=１-5759e988-bd862e3fe1be46a994272793",
        "Root=1-5759e988-bd862e3fe1be46a99427279３",
    };

    [Theory]
    [MemberData(nameof(HostileHeaders))]
    public void Hostile_input_is_refused_without_throwing(string? value)
    {
        Assert.False(TraceHeader.TryParse(value, out var header));
        Assert.Null(header);
    }
}
