using System.Text.Json;

namespace XRay.Data;

/// <summary>
/// Local sampling rules in the AWS rule-file format (version 2, or version 1 with <c>service_name</c>): the first
/// matching rule decides, else the default rule. The default set takes the first request each second, then 5%.
/// </summary>
public sealed class SamplingRules
{
    /// <summary>Builds a rule set.</summary>
    public SamplingRules(SamplingRule defaultRule, IReadOnlyList<SamplingRule>? rules = null)
    {
        ArgumentNullException.ThrowIfNull(defaultRule);
        DefaultRule = defaultRule;
        Rules = rules ?? [];
    }

    /// <summary><c>{"version":2,"default":{"fixed_target":1,"rate":0.05}}</c>: a fresh instance, with its own reservoir.</summary>
    public static SamplingRules CreateDefault() => new(new SamplingRule(1, 0.05, description: "default"));

    /// <summary>The rule used when no other matches.</summary>
    public SamplingRule DefaultRule { get; }

    /// <summary>The rules tried in order.</summary>
    public IReadOnlyList<SamplingRule> Rules { get; }

    /// <summary>Decides whether to record a new trace.</summary>
    public bool ShouldSample(in SamplingRequest request)
    {
        var rule = DefaultRule;
        foreach (var candidate in Rules)
        {
            if (candidate.Matches(request))
            {
                rule = candidate;
                break;
            }
        }

        if (rule.Reservoir.TryTake(Clock.NowMicroseconds / 1_000_000))
            return true;
        return rule.Rate > 0 && Random.Shared.NextDouble() < rule.Rate;
    }

    /// <summary>Reads a rule file.</summary>
    /// <exception cref="FormatException">The file is not a valid rule document; the message says where.</exception>
    public static SamplingRules Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>Parses a rule document.</summary>
    /// <exception cref="FormatException">The text is not a valid rule document; the message says where.</exception>
    public static SamplingRules Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new FormatException("A sampling rule document must be a JSON object.");
            if (!root.TryGetProperty("version", out var version) || !version.TryGetInt32(out var v) || v is not (1 or 2))
                throw new FormatException("A sampling rule document needs \"version\": 1 or 2.");
            if (!root.TryGetProperty("default", out var defaults) || defaults.ValueKind != JsonValueKind.Object)
                throw new FormatException("A sampling rule document needs a \"default\" rule.");

            var rules = new List<SamplingRule>();
            if (root.TryGetProperty("rules", out var list))
            {
                if (list.ValueKind != JsonValueKind.Array)
                    throw new FormatException("\"rules\" must be an array.");
                var index = 0;
                foreach (var item in list.EnumerateArray())
                    rules.Add(ReadRule(item, v, $"rules[{index++}]", isDefault: false));
            }

            return new SamplingRules(ReadRule(defaults, v, "default", isDefault: true), rules);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The sampling rule document is not valid JSON: {ex.Message}", ex);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new FormatException($"A sampling rule is out of range: {ex.Message}", ex);
        }
    }

    private static SamplingRule ReadRule(JsonElement item, int version, string where, bool isDefault)
    {
        if (item.ValueKind != JsonValueKind.Object)
            throw new FormatException($"{where} must be an object.");
        if (!item.TryGetProperty("fixed_target", out var target) || !target.TryGetInt32(out var fixedTarget))
            throw new FormatException($"{where} needs an integer \"fixed_target\".");
        if (!item.TryGetProperty("rate", out var rateElement) || !rateElement.TryGetDouble(out var rate))
            throw new FormatException($"{where} needs a numeric \"rate\".");
        if (isDefault)
            return new SamplingRule(fixedTarget, rate, description: "default");

        var host = Text(item, version == 1 ? "service_name" : "host", where);
        return new SamplingRule(fixedTarget, rate, host, Text(item, "http_method", where), Text(item, "url_path", where), OptionalText(item, "description"));
    }

    private static string Text(JsonElement item, string name, string where)
        => item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FormatException($"{where} needs a string \"{name}\".");

    private static string? OptionalText(JsonElement item, string name)
        => item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
