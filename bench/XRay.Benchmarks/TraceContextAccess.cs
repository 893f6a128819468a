using XRay.Data;

namespace XRay.Benchmarks;

/// <summary>Makes an entity current without beginning it, so a benchmark measures only the subsegment.</summary>
internal static class TraceContextAccess
{
    public static void Set(Entity entity)
    {
        if (!ReferenceEquals(TraceContext.Current, entity))
            TraceContext.Current = entity;
    }
}
