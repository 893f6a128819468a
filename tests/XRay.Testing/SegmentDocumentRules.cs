using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace XRay.Testing;

/// <summary>
/// Judges a segment document the way the X-Ray API and the CloudWatch agent's <c>awsxrayreceiver</c> do: every known
/// field must have the JSON type of the receiver's typed structs (a string is not a number, a number with a fraction
/// is not an integer), required fields must be present, ids and trace ids must have their shapes, names their
/// character set, <c>namespace</c> one of its two values and <c>sql.url</c> the receiver's pattern; an entity has
/// exactly one of <c>end_time</c> and <c>in_progress: true</c>. Any violation rejects the whole document, as there.
/// </summary>
public static partial class SegmentDocumentRules
{
    /// <summary>The longest name X-Ray accepts.</summary>
    public const int MaxNameLength = 200;

    /// <summary>The longest annotation key X-Ray accepts.</summary>
    public const int MaxAnnotationKeyLength = 500;

    private const string NameSymbols = "_.:/%&#=+\\-@";

    private static readonly string[] AwsStrings = ["account_id", "operation", "region", "request_id", "queue_url", "table_name"];
    private static readonly string[] AwsStringArrays = ["table_names", "resource_names"];
    private static readonly string[] Ec2Strings = ["instance_id", "availability_zone", "instance_size", "ami_id"];
    private static readonly string[] EcsStrings = ["container", "container_id", "task_arn", "task_family", "cluster_arn", "container_arn", "availability_zone", "launch_type"];
    private static readonly string[] EksStrings = ["cluster_name", "pod", "container_id"];
    private static readonly string[] SqlStrings = ["url", "connection_string", "sanitized_query", "database_type", "database_version", "driver_version", "user", "preparation"];

    /// <summary>
    /// The receiver's pattern for <c>sql.url</c>, <c>protocol://host[:port]/database[?query]</c>, with Go's meaning:
    /// <c>$</c> is the end of the text.
    /// </summary>
    [GeneratedRegex(@"^(.+//.+)/([^?]+)\??.*\z")]
    public static partial Regex SqlUrl();

    [GeneratedRegex("^1-[0-9a-f]{8}-[0-9a-f]{24}$")]
    private static partial Regex TraceIdShape();

    [GeneratedRegex("^[0-9a-f]{16}$")]
    private static partial Regex IdShape();

    [GeneratedRegex("^[A-Za-z0-9_]+$")]
    private static partial Regex AnnotationKeyShape();

    /// <summary>
    /// The first reason the document is refused, or null when it is accepted. A document is a segment, or a
    /// subsegment sent on its own (<c>"type": "subsegment"</c>), which must then carry <c>trace_id</c> and
    /// <c>parent_id</c>.
    /// </summary>
    public static string? Check(JsonObject document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var errors = new List<string>();
        CheckDocument(document, errors);
        return errors.Count == 0 ? null : string.Join("; ", errors);
    }

    private static void CheckDocument(JsonObject document, List<string> errors)
    {
        var type = document["type"];
        if (type is not null)
        {
            if (!IsString(type, out var text) || text != "subsegment")
                errors.Add($"type must be \"subsegment\", found {Show(type)}");
            else if (document["parent_id"] is null)
                errors.Add("a subsegment sent on its own must carry parent_id");
        }

        if (document["trace_id"] is null)
            errors.Add("trace_id is required on a segment and on a subsegment sent on its own");
        CheckEntity(document, "document", errors);
    }

    private static void CheckEntity(JsonObject entity, string path, List<string> errors)
    {
        var where = entity["name"] is JsonValue nameValue && nameValue.TryGetValue<string>(out var shown) ? $"{path} '{shown}'" : path;
        void Fail(string message) => errors.Add($"{where}: {message}");

        if (entity["name"] is not { } name)
            Fail("name is required");
        else if (!IsString(name, out var text))
            Fail($"name must be a string, found {Show(name)}");
        else if (NameProblem(text) is { } problem)
            Fail(problem);

        RequireId(entity, "id", required: true, Fail);
        RequireId(entity, "parent_id", required: false, Fail);
        if (entity["trace_id"] is { } traceId && (!IsString(traceId, out var trace) || !TraceIdShape().IsMatch(trace)))
            Fail($"trace_id must be 1-<8 hex>-<24 hex> (35 characters), found {Show(traceId)}");

        if (entity["start_time"] is not { } start)
            Fail("start_time is required");
        else if (!IsNumber(start))
            Fail($"start_time must be a number, found {Show(start)}");

        var hasEnd = entity["end_time"] is not null;
        if (hasEnd && !IsNumber(entity["end_time"]!))
            Fail($"end_time must be a number, found {Show(entity["end_time"])}");
        var inProgress = false;
        if (entity["in_progress"] is { } progress)
        {
            if (!IsBool(progress, out inProgress))
                Fail($"in_progress must be a boolean, found {Show(progress)}");
        }

        if (hasEnd == inProgress)
            Fail(hasEnd ? "has both end_time and in_progress: true" : "has neither end_time nor in_progress: true");

        foreach (var flag in new[] { "error", "throttle", "fault", "traced" })
            RequireBool(entity, flag, Fail);
        foreach (var field in new[] { "user", "origin", "resource_arn" })
            RequireString(entity, field, Fail);

        if (entity["namespace"] is { } ns && (!IsString(ns, out var nsText) || nsText is not ("aws" or "remote")))
            Fail($"namespace must be \"aws\" or \"remote\", found {Show(ns)}");

        if (entity["service"] is { } service)
            CheckStringObject(service, "service", ["version", "compiler_version", "compiler"], Fail);
        if (entity["precursor_ids"] is { } precursors)
            CheckStringArray(precursors, "precursor_ids", Fail);
        if (entity["http"] is { } http)
            CheckHttp(http, Fail);
        if (entity["aws"] is { } aws)
            CheckAws(aws, Fail);
        if (entity["sql"] is { } sql)
            CheckSql(sql, Fail);
        if (entity["annotations"] is { } annotations)
            CheckAnnotations(annotations, Fail);
        if (entity["metadata"] is { } metadata)
            CheckMetadata(metadata, Fail);
        if (entity["cause"] is { } cause)
            CheckCause(cause, Fail);

        if (entity["subsegments"] is { } subsegments)
        {
            if (subsegments is not JsonArray children)
            {
                Fail($"subsegments must be an array, found {Show(subsegments)}");
                return;
            }

            for (var i = 0; i < children.Count; i++)
            {
                if (children[i] is JsonObject child)
                {
                    if (child["type"] is not null)
                        Fail($"embedded subsegment {i} must not carry type");
                    CheckEntity(child, $"{path}.subsegments[{i}]", errors);
                }
                else
                {
                    Fail($"subsegments[{i}] must be an object, found {Show(children[i])}");
                }
            }
        }
    }

    /// <summary>Why a name is refused: empty, longer than 200, or outside letters, digits, white space and <c>_ . : / % &amp; # = + \ - @</c>.</summary>
    public static string? NameProblem(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
            return "name must not be empty";
        if (name.Length > MaxNameLength)
            return $"name is {name.Length} characters, over {MaxNameLength}";
        foreach (var rune in name.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune) || Rune.IsWhiteSpace(rune) || (rune.IsBmp && NameSymbols.Contains((char)rune.Value, StringComparison.Ordinal)))
                continue;
            return $"name holds U+{rune.Value:X4}, outside letters, digits, white space and {NameSymbols}";
        }

        return null;
    }

    private static void CheckHttp(JsonNode http, Action<string> fail)
    {
        if (http is not JsonObject block)
        {
            fail($"http must be an object, found {Show(http)}");
            return;
        }

        if (block["request"] is { } request)
        {
            if (request is JsonObject fields)
            {
                foreach (var field in new[] { "method", "url", "user_agent", "client_ip" })
                    RequireString(fields, field, message => fail("http.request." + message));
                foreach (var field in new[] { "x_forwarded_for", "traced" })
                    RequireBool(fields, field, message => fail("http.request." + message));
            }
            else
            {
                fail($"http.request must be an object, found {Show(request)}");
            }
        }

        if (block["response"] is { } response)
        {
            if (response is JsonObject fields)
            {
                RequireInteger(fields, "status", message => fail("http.response." + message));
                if (fields["content_length"] is { } length && !IsNumber(length))
                    fail($"http.response.content_length must be a number, found {Show(length)}");
            }
            else
            {
                fail($"http.response must be an object, found {Show(response)}");
            }
        }
    }

    private static void CheckAws(JsonNode aws, Action<string> fail)
    {
        if (aws is not JsonObject block)
        {
            fail($"aws must be an object, found {Show(aws)}");
            return;
        }

        foreach (var field in AwsStrings)
            RequireString(block, field, message => fail("aws." + message));
        foreach (var field in AwsStringArrays)
        {
            if (block[field] is { } array)
                CheckStringArray(array, "aws." + field, fail);
        }

        RequireInteger(block, "retries", message => fail("aws." + message));
        if (block["ec2"] is { } ec2)
            CheckStringObject(ec2, "aws.ec2", Ec2Strings, fail);
        if (block["ecs"] is { } ecs)
            CheckStringObject(ecs, "aws.ecs", EcsStrings, fail);
        if (block["eks"] is { } eks)
            CheckStringObject(eks, "aws.eks", EksStrings, fail);
        if (block["elastic_beanstalk"] is { } beanstalk)
        {
            CheckStringObject(beanstalk, "aws.elastic_beanstalk", ["environment_name", "version_label"], fail);
            if (beanstalk is JsonObject fields)
                RequireInteger(fields, "deployment_id", message => fail("aws.elastic_beanstalk." + message));
        }

        if (block["xray"] is { } xray)
        {
            CheckStringObject(xray, "aws.xray", ["sdk", "sdk_version"], fail);
            if (xray is JsonObject fields)
                RequireBool(fields, "auto_instrumentation", message => fail("aws.xray." + message));
        }

        if (block["cloudwatch_logs"] is { } logs)
        {
            if (logs is JsonArray groups)
            {
                foreach (var group in groups)
                    CheckStringObject(group, "aws.cloudwatch_logs[]", ["log_group", "arn"], fail);
            }
            else
            {
                fail($"aws.cloudwatch_logs must be an array, found {Show(logs)}");
            }
        }
    }

    private static void CheckSql(JsonNode sql, Action<string> fail)
    {
        CheckStringObject(sql, "sql", SqlStrings, fail);
        if (sql is not JsonObject block)
            return;
        if (block["url"] is { } url && IsString(url, out var text) && !SqlUrl().IsMatch(text))
            fail($"sql.url '{text}' does not match ^(.+//.+)/([^?]+)\\??.*$ (no database path)");
    }

    private static void CheckAnnotations(JsonNode annotations, Action<string> fail)
    {
        if (annotations is not JsonObject block)
        {
            fail($"annotations must be an object, found {Show(annotations)}");
            return;
        }

        foreach (var (key, value) in block)
        {
            if (key.Length > MaxAnnotationKeyLength || !AnnotationKeyShape().IsMatch(key))
                fail($"annotation key '{key}' must be 1 to {MaxAnnotationKeyLength} ASCII letters, digits or _");
            if (value is not JsonValue scalar || scalar.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False))
                fail($"annotation '{key}' must be a string, number or boolean, found {Show(value)}");
        }
    }

    private static void CheckMetadata(JsonNode metadata, Action<string> fail)
    {
        if (metadata is not JsonObject block)
        {
            fail($"metadata must be an object, found {Show(metadata)}");
            return;
        }

        foreach (var (ns, value) in block)
        {
            if (value is not JsonObject)
                fail($"metadata namespace '{ns}' must be an object, found {Show(value)}");
            if (ns.StartsWith("AWS.", StringComparison.Ordinal))
                fail($"metadata namespace '{ns}' is reserved for AWS");
        }
    }

    private static void CheckCause(JsonNode cause, Action<string> fail)
    {
        if (IsString(cause, out var reference))
        {
            if (!IdShape().IsMatch(reference))
                fail($"cause as a string must be an exception id (16 hex digits), found '{reference}'");
            return;
        }

        if (cause is not JsonObject block)
        {
            fail($"cause must be an exception id or an object, found {Show(cause)}");
            return;
        }

        RequireString(block, "working_directory", message => fail("cause." + message));
        if (block["paths"] is { } paths)
            CheckStringArray(paths, "cause.paths", fail);
        if (block["exceptions"] is not { } exceptions)
            return;
        if (exceptions is not JsonArray list)
        {
            fail($"cause.exceptions must be an array, found {Show(exceptions)}");
            return;
        }

        for (var i = 0; i < list.Count; i++)
        {
            var at = $"cause.exceptions[{i}].";
            if (list[i] is not JsonObject exception)
            {
                fail($"{at[..^1]} must be an object, found {Show(list[i])}");
                continue;
            }

            RequireId(exception, "id", required: true, message => fail(at + message));
            RequireId(exception, "cause", required: false, message => fail(at + message));
            foreach (var field in new[] { "message", "type" })
                RequireString(exception, field, message => fail(at + message));
            RequireBool(exception, "remote", message => fail(at + message));
            RequireInteger(exception, "truncated", message => fail(at + message + " (the number of frames left out)"));
            RequireInteger(exception, "skipped", message => fail(at + message + " (the number of exceptions left out)"));
            if (exception["stack"] is not { } stack)
                continue;
            if (stack is not JsonArray frames)
            {
                fail($"{at}stack must be an array, found {Show(stack)}");
                continue;
            }

            foreach (var frame in frames)
            {
                if (frame is not JsonObject fields)
                {
                    fail($"{at}stack[] must be an object, found {Show(frame)}");
                    continue;
                }

                foreach (var field in new[] { "path", "label" })
                    RequireString(fields, field, message => fail(at + "stack[]." + message));
                RequireInteger(fields, "line", message => fail(at + "stack[]." + message));
            }
        }
    }

    private static void CheckStringObject(JsonNode? node, string name, string[] fields, Action<string> fail)
    {
        if (node is not JsonObject block)
        {
            fail($"{name} must be an object, found {Show(node)}");
            return;
        }

        foreach (var field in fields)
            RequireString(block, field, message => fail(name + "." + message));
    }

    private static void CheckStringArray(JsonNode node, string name, Action<string> fail)
    {
        if (node is not JsonArray array || array.Any(item => item is null || !IsString(item, out _)))
            fail($"{name} must be an array of strings, found {Show(node)}");
    }

    private static void RequireId(JsonObject block, string field, bool required, Action<string> fail)
    {
        if (block[field] is not { } value)
        {
            if (required)
                fail($"{field} is required");
            return;
        }

        if (!IsString(value, out var text) || !IdShape().IsMatch(text))
            fail($"{field} must be 16 lower-case hex digits, found {Show(value)}");
    }

    private static void RequireString(JsonObject block, string field, Action<string> fail)
    {
        if (block[field] is { } value && !IsString(value, out _))
            fail($"{field} must be a string, found {Show(value)}");
    }

    private static void RequireBool(JsonObject block, string field, Action<string> fail)
    {
        if (block[field] is { } value && !IsBool(value, out _))
            fail($"{field} must be a boolean, found {Show(value)}");
    }

    private static void RequireInteger(JsonObject block, string field, Action<string> fail)
    {
        if (block[field] is { } value && !(value is JsonValue number && number.GetValueKind() == JsonValueKind.Number && number.TryGetValue<JsonElement>(out var element) && element.TryGetInt64(out _)))
            fail($"{field} must be an integer, found {Show(value)}");
    }

    private static bool IsString(JsonNode node, out string text)
    {
        text = string.Empty;
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
            return false;
        text = value.GetValue<string>();
        return true;
    }

    private static bool IsBool(JsonNode node, out bool flag)
    {
        flag = false;
        if (node is not JsonValue value || value.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            return false;
        flag = value.GetValue<bool>();
        return true;
    }

    private static bool IsNumber(JsonNode node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.Number;

    private static string Show(JsonNode? node)
    {
        var json = node?.ToJsonString() ?? "null";
        return json.Length <= 80 ? json : string.Create(CultureInfo.InvariantCulture, $"{json[..77]}...");
    }
}
