using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using XRay.Testing;

namespace ArchiverDb;

/// <summary>
/// Prints received traces as trees with a waterfall: one block per trace id, segments chained under the
/// subsegments that called them, each line with its duration and a bar placed on the trace's time span.
/// </summary>
public static class TraceView
{
    /// <summary>The width the view is laid out for.</summary>
    public const int Width = 100;

    private const int BarWidth = 32;
    private const int DurationWidth = 10;
    // The label, a space, the duration, a space, and the bar between two pipes.
    private const int LabelWidth = Width - 1 - DurationWidth - 1 - (BarWidth + 2);

    public static void Write(TextWriter output, IEnumerable<ReceivedEntity> segments)
    {
        var traces = segments.GroupBy(segment => segment.TraceId).OrderBy(trace => trace.Min(Start));
        foreach (var trace in traces)
            WriteTrace(output, [.. trace]);
    }

    public static string Render(IEnumerable<ReceivedEntity> segments)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(writer, segments);
        return writer.ToString();
    }

    private static void WriteTrace(TextWriter output, List<ReceivedEntity> segments)
    {
        var entities = segments.SelectMany(segment => segment.DescendantsAndSelf()).ToList();
        var ids = entities.Select(entity => entity.Id).ToHashSet();
        var callees = segments.Where(segment => segment.ParentId is { } parent && ids.Contains(parent))
            .ToLookup(segment => segment.ParentId!);
        var roots = segments.Where(segment => segment.ParentId is not { } parent || !ids.Contains(parent)).OrderBy(Start).ToList();
        var start = entities.Min(Start);
        var end = Math.Max(entities.Max(entity => End(entity) ?? Start(entity)), start + 1e-6);

        var title = $"trace {segments[0].TraceId}  {segments.Count} segment{(segments.Count == 1 ? "" : "s")}, {Milliseconds(end - start)}";
        output.WriteLine(title + " " + new string('─', Math.Max(3, Width - title.Length - 1)));
        var view = new Layout(output, start, end, callees);
        foreach (var root in roots)
            view.Write(root, indent: string.Empty, branch: string.Empty, isRoot: true);
        output.WriteLine();
    }

    private sealed class Layout(TextWriter output, double start, double end, ILookup<string, ReceivedEntity> callees)
    {
        public void Write(ReceivedEntity entity, string indent, string branch, bool isRoot)
        {
            var children = entity.Subsegments.Concat(callees[entity.Id]).OrderBy(Start).ToList();
            var label = Fit(indent + branch + entity.Name + Describe(entity), LabelWidth);
            var entityEnd = End(entity);
            var duration = entityEnd is { } e ? Milliseconds(e - Start(entity)) : "open";
            output.WriteLine($"{label.PadRight(LabelWidth)} {duration,DurationWidth} {Bar(Start(entity), entityEnd ?? end)}");

            var childIndent = isRoot ? indent : indent + (branch.StartsWith('└') ? "   " : "│  ");
            var detailIndent = childIndent + (children.Count > 0 ? "│  " : "   ");
            foreach (var detail in Details(entity))
            {
                foreach (var line in Wrap(detail, Width - detailIndent.Length))
                    output.WriteLine(detailIndent + line);
            }

            for (var i = 0; i < children.Count; i++)
                Write(children[i], childIndent, i == children.Count - 1 ? "└─ " : "├─ ", isRoot: false);
        }

        private string Bar(double from, double to)
        {
            var span = end - start;
            var offset = (int)Math.Round((from - start) / span * BarWidth);
            var length = (int)Math.Round((to - from) / span * BarWidth);
            offset = Math.Clamp(offset, 0, BarWidth - 1);
            length = Math.Clamp(length, 1, BarWidth - offset);
            return "|" + new string(' ', offset) + new string('█', length) + new string(' ', BarWidth - offset - length) + "|";
        }
    }

    /// <summary>What follows the name on the entity's line: the HTTP call and its outcome, and the error flags.</summary>
    private static string Describe(ReceivedEntity entity)
    {
        var text = new StringBuilder();
        if (entity.Http is { } http)
        {
            var request = http["request"] as JsonObject;
            var method = (string?)request?["method"];
            var url = (string?)request?["url"];
            var path = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsolutePath : url;
            if (method is not null || path is not null)
                text.Append("  ").Append(method).Append(' ').Append(path);
            if (http["response"]?["status"] is JsonValue status)
                text.Append(' ').Append(status.ToJsonString());
        }

        if (entity.Flag("fault"))
            text.Append("  FAULT");
        if (entity.Flag("error"))
            text.Append("  ERROR");
        if (entity.Flag("throttle"))
            text.Append("  THROTTLE");
        return text.ToString();
    }

    /// <summary>
    /// The lines under an entity: every field of its <c>sql</c> block, its annotations, the exception that failed it.
    /// The <c>sql</c> fields keep the names they have in the document.
    /// </summary>
    private static IEnumerable<string> Details(ReceivedEntity entity)
    {
        if (entity.Sql is { } sql)
        {
            if (sql["sanitized_query"] is JsonValue query)
                yield return "sql: " + string.Join(' ', ((string?)query ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            if (Fields(sql, "database_type", "database_version") is { Length: > 0 } database)
                yield return database;
            if (Fields(sql, "driver_version", "user", "preparation") is { Length: > 0 } client)
                yield return client;
            if (Fields(sql, "connection_string", "url") is { Length: > 0 } connection)
                yield return connection;
        }

        if (entity.Json["annotations"] is JsonObject { Count: > 0 } annotations)
            yield return "annotations: " + string.Join(", ", annotations.Select(pair => $"{pair.Key}={pair.Value?.ToJsonString().Trim('"')}"));
        if (entity.Json["cause"]?["exceptions"] is JsonArray { Count: > 0 } exceptions && exceptions[0] is JsonObject exception)
            yield return $"exception: {(string?)exception["type"]}: {(string?)exception["message"]}";
    }

    /// <summary>The named fields the block has, as <c>name: value</c> joined by <c> · </c>.</summary>
    private static string Fields(JsonObject block, params string[] names)
        => string.Join(" · ", names.Where(name => block[name] is JsonValue).Select(name => $"{name}: {(string?)block[name]}"));

    private static IEnumerable<string> Wrap(string text, int width)
    {
        width = Math.Max(width, 20);
        while (text.Length > width)
        {
            // A break inside the continuation's indent would not shorten the text: cut a long word instead.
            var cut = text.LastIndexOf(' ', width);
            if (cut <= 2)
                cut = width;
            yield return text[..cut];
            text = "  " + text[cut..].TrimStart();
        }

        yield return text;
    }

    private static string Fit(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";

    private static string Milliseconds(double seconds) => (seconds * 1000).ToString("0.0", CultureInfo.InvariantCulture) + " ms";

    private static double Start(ReceivedEntity entity) => (double?)entity.Json["start_time"] ?? 0;

    private static double? End(ReceivedEntity entity) => (double?)entity.Json["end_time"];
}
