using System.Runtime.CompilerServices;

namespace XRay.Data;

/// <summary>
/// The entity that is current for the async flow. It is one slot for the process, not one per recorder, so that a
/// subsegment begun through any recorder lands under the segment the request began.
/// </summary>
internal static class TraceContext
{
    // Held as object: only an entity is ever stored, so reading it needs no cast check, and it is read on every
    // database call, sampled or not.
    private static readonly AsyncLocal<object?> CurrentEntity = new();

    public static Entity? Current
    {
        get => Unsafe.As<Entity?>(CurrentEntity.Value);
        set => CurrentEntity.Value = value;
    }
}
