using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace XRay.Data;

/// <summary>
/// The members of the <c>aws</c> block whose JSON type the X-Ray API and the CloudWatch agent fix: <c>account_id</c>,
/// <c>operation</c>, <c>region</c>, <c>request_id</c>, <c>queue_url</c>, <c>table_name</c> are strings,
/// <c>table_names</c> and <c>resource_names</c> arrays of strings, <c>retries</c> an integer, and <c>xray</c>,
/// <c>ecs</c>, <c>ec2</c>, <c>eks</c>, <c>elastic_beanstalk</c> objects (<c>cloudwatch_logs</c> an array of them) whose
/// own members are typed too. A value of the wrong type would get the whole document refused, so it is cleaned
/// (a number for a string member is recorded as its text) or refused here, when it is added.
/// </summary>
internal static class AwsFields
{
    private static readonly HashSet<string> Strings = ["account_id", "operation", "region", "request_id", "queue_url", "table_name"];

    private static readonly HashSet<string> StringArrays = ["table_names", "resource_names"];

    // The members of each object and their JSON type; True stands for a boolean, Number for an integer.
    private static readonly Dictionary<string, Dictionary<string, JsonValueKind>> Objects = new()
    {
        ["xray"] = Members(("sdk", JsonValueKind.String), ("sdk_version", JsonValueKind.String), ("auto_instrumentation", JsonValueKind.True)),
        ["ec2"] = Members(("instance_id", JsonValueKind.String), ("availability_zone", JsonValueKind.String), ("instance_size", JsonValueKind.String), ("ami_id", JsonValueKind.String)),
        ["ecs"] = Members(
            ("container", JsonValueKind.String), ("container_id", JsonValueKind.String), ("task_arn", JsonValueKind.String), ("task_family", JsonValueKind.String),
            ("cluster_arn", JsonValueKind.String), ("container_arn", JsonValueKind.String), ("availability_zone", JsonValueKind.String), ("launch_type", JsonValueKind.String)),
        ["eks"] = Members(("cluster_name", JsonValueKind.String), ("pod", JsonValueKind.String), ("container_id", JsonValueKind.String)),
        ["elastic_beanstalk"] = Members(("environment_name", JsonValueKind.String), ("version_label", JsonValueKind.String), ("deployment_id", JsonValueKind.Number)),
    };

    private static readonly Dictionary<string, JsonValueKind> LogGroup = Members(("log_group", JsonValueKind.String), ("arn", JsonValueKind.String));

    /// <summary>
    /// The value to record for <paramref name="key"/>, or false with the reason it is refused; <paramref name="problem"/>
    /// also says how a value that was kept had to be cleaned.
    /// </summary>
    public static bool TryCapture(string key, object? value, out RecordedValue recorded, out string? problem)
    {
        recorded = default;
        problem = null;
        if (Strings.Contains(key))
            return TryText(key, value, out recorded, out problem);
        if (key == "retries")
        {
            if (RecordedValue.AsInteger(value) is { } retries)
            {
                recorded = RecordedValue.Of(retries);
                return true;
            }

            problem = $"aws.retries must be an integer; {Describe(value)} was not recorded";
            return false;
        }

        if (StringArrays.Contains(key))
        {
            if (value is not string && value is IEnumerable<string?> names && names.All(name => name is not null))
            {
                recorded = RecordedValue.OfJson(JsonSerializer.SerializeToUtf8Bytes(names.ToArray()));
                return true;
            }

            problem = $"aws.{key} must be a list of strings; {Describe(value)} was not recorded";
            return false;
        }

        var fixedShape = Objects.TryGetValue(key, out var members);
        if (!fixedShape && key != "cloudwatch_logs")
        {
            recorded = RecordedValue.Capture(value, out var cleaned);
            if (cleaned is not null)
                problem = $"aws.{key}: {cleaned}";
            return true;
        }

        recorded = RecordedValue.Capture(value, out _);
        if (recorded.Kind == RecordedValueKind.Json && HasShape(recorded.Json, members))
            return true;
        problem = key == "cloudwatch_logs"
            ? $"aws.cloudwatch_logs must be a list of objects with string log_group and arn; {Describe(value)} was not recorded"
            : $"aws.{key} must be an object whose members have their documented types; {Describe(value)} was not recorded";
        recorded = default;
        return false;
    }

    private static bool TryText(string key, object? value, out RecordedValue recorded, out string? problem)
    {
        recorded = default;
        problem = null;
        switch (value)
        {
            case string text:
                recorded = RecordedValue.Of(text);
                return true;
            case IFormattable number and (byte or sbyte or short or ushort or int or uint or long or ulong or decimal or float or double):
                var converted = number.ToString(null, CultureInfo.InvariantCulture);
                recorded = RecordedValue.Of(converted);
                problem = $"aws.{key} is a string; the number {converted} was recorded as text";
                return true;
            default:
                problem = $"aws.{key} must be a string; {Describe(value)} was not recorded";
                return false;
        }
    }

    private static bool HasShape(byte[] json, Dictionary<string, JsonValueKind>? members)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (members is not null)
            return HasMembers(root, members);
        if (root.ValueKind != JsonValueKind.Array)
            return false;
        foreach (var group in root.EnumerateArray())
        {
            if (!HasMembers(group, LogGroup))
                return false;
        }

        return true;
    }

    private static bool HasMembers(JsonElement element, Dictionary<string, JsonValueKind> members)
    {
        if (element.ValueKind != JsonValueKind.Object)
            return false;
        foreach (var property in element.EnumerateObject())
        {
            if (!members.TryGetValue(property.Name, out var kind) || property.Value.ValueKind == JsonValueKind.Null)
                continue;
            var ok = kind switch
            {
                JsonValueKind.True => property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False,
                JsonValueKind.Number => property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt64(out _),
                _ => property.Value.ValueKind == kind,
            };
            if (!ok)
                return false;
        }

        return true;
    }

    private static Dictionary<string, JsonValueKind> Members(params (string Name, JsonValueKind Kind)[] members)
        => members.ToDictionary(member => member.Name, member => member.Kind);

    private static string Describe(object? value) => value switch
    {
        null => "null",
        string => "a string",
        IEnumerable => $"a {value.GetType().Name}",
        _ => $"a value of type {value.GetType().Name}",
    };
}
