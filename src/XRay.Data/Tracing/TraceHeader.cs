using System.Text;

namespace XRay.Data;

/// <summary>
/// The <c>X-Amzn-Trace-Id</c> header: <c>Root=1-…;Parent=&lt;16 hex&gt;;Sampled=1|0|?</c>, with any other keys
/// (such as <c>Lineage</c> or <c>Self</c>) kept in order so that they survive a hop through this service.
/// </summary>
public sealed class TraceHeader
{
    /// <summary>The HTTP header name.</summary>
    public const string HeaderName = "X-Amzn-Trace-Id";

    // Longer values are not headers any AWS service writes; refusing them bounds the work done on hostile input.
    private const int MaxLength = 2048;

    /// <summary>Builds a header.</summary>
    public TraceHeader(TraceId root, EntityId? parent = null, SamplingDecision sampled = SamplingDecision.Unknown, string? extra = null)
    {
        Root = root;
        Parent = parent;
        Sampled = sampled;
        Extra = string.IsNullOrEmpty(extra) ? null : extra;
    }

    /// <summary>The trace id.</summary>
    public TraceId Root { get; }

    /// <summary>The id of the calling segment or subsegment, when there is one.</summary>
    public EntityId? Parent { get; }

    /// <summary>The upstream sampling decision.</summary>
    public SamplingDecision Sampled { get; }

    /// <summary>Keys this library does not interpret, as <c>key=value</c> pairs joined by <c>;</c>.</summary>
    public string? Extra { get; }

    /// <summary>Parses a header value. Never throws: anything without a valid <c>Root</c> is refused.</summary>
    public static bool TryParse(string? value, out TraceHeader? header)
    {
        header = null;
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxLength)
            return false;

        TraceId? root = null;
        EntityId? parent = null;
        var sampled = SamplingDecision.Unknown;
        StringBuilder? extra = null;

        foreach (var range in value.AsSpan().Split(';'))
        {
            var part = value.AsSpan(range).Trim();
            if (part.IsEmpty)
                continue;
            var eq = part.IndexOf('=');
            if (eq <= 0)
                continue;
            var key = part[..eq].Trim();
            var item = part[(eq + 1)..].Trim();

            if (key.Equals("Root", StringComparison.OrdinalIgnoreCase))
            {
                if (!TraceId.TryParse(item, out var id))
                    return false;
                root = id;
            }
            else if (key.Equals("Parent", StringComparison.OrdinalIgnoreCase))
            {
                // A malformed parent only loses the link to the caller, not the trace.
                parent = EntityId.TryParse(item, out var id) ? id : null;
            }
            else if (key.Equals("Sampled", StringComparison.OrdinalIgnoreCase))
            {
                sampled = item switch
                {
                    "1" => SamplingDecision.Sampled,
                    "0" => SamplingDecision.NotSampled,
                    _ => SamplingDecision.Unknown,
                };
            }
            else
            {
                extra ??= new StringBuilder();
                if (extra.Length > 0)
                    extra.Append(';');
                extra.Append(key).Append('=').Append(item);
            }
        }

        if (root is null)
            return false;
        header = new TraceHeader(root.Value, parent, sampled, extra?.ToString());
        return true;
    }

    /// <summary>The header value, <c>Root=…;Parent=…;Sampled=…</c> followed by the other keys.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder(96);
        builder.Append("Root=").Append(Root.ToString());
        if (Parent is { } parent)
            builder.Append(";Parent=").Append(parent.ToString());
        builder.Append(";Sampled=").Append(Sampled switch
        {
            SamplingDecision.Sampled => "1",
            SamplingDecision.NotSampled => "0",
            _ => "?",
        });
        if (Extra is not null)
            builder.Append(';').Append(Extra);
        return builder.ToString();
    }
}
