namespace XRay.Data.Tests.Sampling;

public sealed class SamplingRulesTests
{
    [Fact]
    public void Default_rule_takes_the_first_request_of_a_second_then_about_five_percent()
    {
        var rules = SamplingRules.CreateDefault();
        Assert.Equal(1, rules.DefaultRule.FixedTarget);
        Assert.Equal(0.05, rules.DefaultRule.Rate);

        var second = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var decisions = Enumerable.Range(0, 20_000).Select(_ => rules.ShouldSample(default)).ToList();
        var elapsedSeconds = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - second + 1;

        Assert.True(decisions[0]);
        var sampled = decisions.Count(d => d);
        // 5% of 20,000 is 1,000 with a standard deviation near 31; the reservoir adds one per second.
        Assert.InRange(sampled, 800, 1200 + elapsedSeconds);
    }

    [Fact]
    public void Reservoir_refills_each_second()
    {
        var rules = new SamplingRules(new SamplingRule(fixedTarget: 2, rate: 0));
        var rule = rules.DefaultRule;
        Assert.True(rule.Reservoir.TryTake(100));
        Assert.True(rule.Reservoir.TryTake(100));
        Assert.False(rule.Reservoir.TryTake(100));
        Assert.True(rule.Reservoir.TryTake(101));
    }

    [Fact]
    public void Rule_file_in_version_2_format_is_read_and_matched_in_order()
    {
        var rules = SamplingRules.Parse("""
            {
              "version": 2,
              "rules": [
                { "description": "health checks", "host": "*", "http_method": "GET", "url_path": "/health*", "fixed_target": 0, "rate": 0 },
                { "description": "archive", "host": "api.example.com", "http_method": "*", "url_path": "/archive/?", "fixed_target": 0, "rate": 1 }
              ],
              "default": { "fixed_target": 0, "rate": 0 }
            }
            """);

        Assert.Equal(2, rules.Rules.Count);
        Assert.False(rules.ShouldSample(new SamplingRequest("api.example.com", "GET", "/healthz")));
        Assert.True(rules.ShouldSample(new SamplingRequest("API.example.com", "post", "/archive/7")));
        Assert.False(rules.ShouldSample(new SamplingRequest("api.example.com", "POST", "/archive/77")));
        Assert.False(rules.ShouldSample(new SamplingRequest("other.example.com", "POST", "/archive/7")));
        Assert.False(rules.ShouldSample(default));
    }

    [Fact]
    public void Version_1_files_match_service_name_as_host()
    {
        var rules = SamplingRules.Parse("""
            { "version": 1, "rules": [ { "service_name": "*.example.com", "http_method": "*", "url_path": "*", "fixed_target": 0, "rate": 1 } ],
              "default": { "fixed_target": 0, "rate": 0 } }
            """);
        Assert.True(rules.ShouldSample(new SamplingRequest("shop.example.com", "GET", "/")));
        Assert.False(rules.ShouldSample(new SamplingRequest("example.org", "GET", "/")));
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[]", "JSON object")]
    [InlineData("""{"default":{"fixed_target":1,"rate":0.1}}""", "version")]
    [InlineData("""{"version":3,"default":{"fixed_target":1,"rate":0.1}}""", "version")]
    [InlineData("""{"version":2}""", "default")]
    [InlineData("""{"version":2,"default":{"fixed_target":1}}""", "rate")]
    [InlineData("""{"version":2,"default":{"fixed_target":1,"rate":1.5}}""", "rate")]
    [InlineData("""{"version":2,"default":{"fixed_target":-1,"rate":0.5}}""", "fixed_target")]
    [InlineData("""{"version":2,"rules":{},"default":{"fixed_target":1,"rate":0.5}}""", "rules")]
    [InlineData("""{"version":2,"rules":[{"fixed_target":1,"rate":0.5,"http_method":"*","url_path":"*"}],"default":{"fixed_target":1,"rate":0.5}}""", "host")]
    public void Invalid_rule_documents_say_what_is_wrong(string json, string mentioned)
    {
        var error = Assert.Throws<FormatException>(() => SamplingRules.Parse(json));
        Assert.Contains(mentioned, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Rules_load_from_a_file()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, """{"version":2,"default":{"fixed_target":3,"rate":0.25}}""");
            var rules = SamplingRules.Load(path);
            Assert.Equal(3, rules.DefaultRule.FixedTarget);
            Assert.Equal(0.25, rules.DefaultRule.Rate);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("*", null, true)]
    [InlineData("*", "", true)]
    [InlineData("/a/*", "/a/b/c", true)]
    [InlineData("/a/?", "/a/bc", false)]
    [InlineData("*.example.com", "EXAMPLE.com", false)]
    [InlineData("a*b*c", "aXXbYYc", true)]
    [InlineData("a*b*c", "aXXbYY", false)]
    [InlineData("GET", null, false)]
    public void Wildcards_match_like_the_aws_sdks(string pattern, string? text, bool expected)
        => Assert.Equal(expected, Wildcard.Matches(pattern, text));
}
