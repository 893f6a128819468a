namespace XRay.Data;

/// <summary>
/// The entity that is current for the async flow. It is one slot for the process, not one per recorder, so that a
/// subsegment begun through any recorder lands under the segment the request began.
/// </summary>
internal static class TraceContext
{
    private static readonly AsyncLocal<Entity?> CurrentEntity = new();

    public static Entity? Current
    {
        get => CurrentEntity.Value;
        set => CurrentEntity.Value = value;
    }
}
