using System.Diagnostics;

namespace XRay.Data;

/// <summary>
/// Joins the trace of an OpenTelemetry <see cref="Activity"/> when no X-Ray segment is current: the W3C trace id
/// becomes X-Ray's (<c>1-</c> + its first 8 hex digits + <c>-</c> + the last 24), the span id the parent's id.
/// </summary>
internal static class ActivityTrace
{
    /// <summary>
    /// The entity a call's subsegment goes under to join <paramref name="activity"/>'s trace; null when the Activity
    /// is not recorded (its trace is not sampled) or its ids are not in the W3C form.
    /// </summary>
    public static Segment? Join(XRayRecorder recorder, Activity activity)
    {
        if (activity.IdFormat != ActivityIdFormat.W3C || !activity.Recorded)
            return null;
        Span<char> text = stackalloc char[TraceId.Length];
        if (!TryConvert(activity.TraceId, text) || !TraceId.TryParse(text, out var traceId))
            return null;
        return EntityId.TryParse(activity.SpanId.ToHexString(), out var spanId) ? Segment.ForSpan(recorder, traceId, spanId) : null;
    }

    /// <summary>Writes the X-Ray form of a W3C trace id: <c>1-</c>, the first 8 hex digits, <c>-</c>, the last 24.</summary>
    internal static bool TryConvert(ActivityTraceId traceId, Span<char> destination)
    {
        Span<byte> bytes = stackalloc byte[16];
        Span<char> hex = stackalloc char[32];
        traceId.CopyTo(bytes);
        if (destination.Length < TraceId.Length || !Convert.TryToHexStringLower(bytes, hex, out _))
            return false;
        destination[0] = '1';
        destination[1] = '-';
        hex[..8].CopyTo(destination[2..]);
        destination[10] = '-';
        hex[8..].CopyTo(destination[11..]);
        return true;
    }
}
