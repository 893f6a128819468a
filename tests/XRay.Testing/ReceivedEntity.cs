using System.Text.Json.Nodes;

namespace XRay.Testing;

/// <summary>A segment or subsegment as the daemon would see it, with streamed subsegments put back under their parents.</summary>
public sealed class ReceivedEntity
{
    internal ReceivedEntity(JsonObject json, string traceId, bool streamed)
    {
        Json = json;
        TraceId = traceId;
        Streamed = streamed;
        Name = (string?)json["name"] ?? string.Empty;
        Id = (string?)json["id"] ?? string.Empty;
        ParentId = (string?)json["parent_id"];
        InProgress = json["in_progress"] is JsonValue progress && progress.TryGetValue<bool>(out var open) && open;
    }

    /// <summary>The document (for a nested subsegment, its object inside the parent's document).</summary>
    public JsonObject Json { get; }

    /// <summary>The entity's name.</summary>
    public string Name { get; }

    /// <summary>The entity's id.</summary>
    public string Id { get; }

    /// <summary>The trace it belongs to.</summary>
    public string TraceId { get; }

    /// <summary>The <c>parent_id</c> written in the document (segments from a header, streamed subsegments).</summary>
    public string? ParentId { get; }

    /// <summary>True when it was sent open (<c>in_progress: true</c>, no <c>end_time</c>).</summary>
    public bool InProgress { get; }

    /// <summary>True when it arrived as a document of its own.</summary>
    public bool Streamed { get; }

    /// <summary>The parent after reassembly; null for a segment.</summary>
    public ReceivedEntity? Parent { get; internal set; }

    /// <summary>Subsegments, nested and streamed alike.</summary>
    public List<ReceivedEntity> Subsegments { get; } = [];

    /// <summary>The <c>sql</c> block, if any.</summary>
    public JsonObject? Sql => Json["sql"] as JsonObject;

    /// <summary>The <c>http</c> block, if any.</summary>
    public JsonObject? Http => Json["http"] as JsonObject;

    /// <summary>A boolean field that is absent when false, as X-Ray writes them.</summary>
    public bool Flag(string name) => Json[name] is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;

    /// <summary>This entity and every entity under it, depth first.</summary>
    public IEnumerable<ReceivedEntity> DescendantsAndSelf()
    {
        yield return this;
        foreach (var child in Subsegments)
        {
            foreach (var entity in child.DescendantsAndSelf())
                yield return entity;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Id})";
}
