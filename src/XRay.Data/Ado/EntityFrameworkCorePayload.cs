using System.Collections.Concurrent;
using System.Reflection;

namespace XRay.Data;

/// <summary>
/// Reads the few properties XRay.Data needs from EF Core's diagnostic payloads (<c>CommandEventData</c>,
/// <c>DataReaderClosingEventData</c>, <c>DataReaderDisposingEventData</c>) by name, so XRay.Data needs no reference
/// to EF Core. One instance per payload type, found once.
/// </summary>
internal sealed class EntityFrameworkCorePayload
{
    private static readonly ConcurrentDictionary<Type, EntityFrameworkCorePayload> Shapes = new();

    private readonly PropertyInfo? command;
    private readonly PropertyInfo? context;
    private readonly PropertyInfo? commandSource;
    private readonly PropertyInfo? recordsAffected;
    private readonly PropertyInfo? readCount;

    private EntityFrameworkCorePayload(Type type)
    {
        command = type.GetProperty("Command", BindingFlags.Public | BindingFlags.Instance);
        context = type.GetProperty("Context", BindingFlags.Public | BindingFlags.Instance);
        commandSource = type.GetProperty("CommandSource", BindingFlags.Public | BindingFlags.Instance);
        recordsAffected = type.GetProperty("RecordsAffected", BindingFlags.Public | BindingFlags.Instance);
        readCount = type.GetProperty("ReadCount", BindingFlags.Public | BindingFlags.Instance);
    }

    public static EntityFrameworkCorePayload For(Type payloadType) => Shapes.GetOrAdd(payloadType, static type => new EntityFrameworkCorePayload(type));

    /// <summary>The payload's command when it is a traced one; null for every other command.</summary>
    public TracedDbCommand? TracedCommand(object payload) => command?.GetValue(payload) as TracedDbCommand;

    /// <summary>The full type name of the <c>DbContext</c> that runs the command.</summary>
    public string? ContextName(object payload) => context?.GetValue(payload)?.GetType().FullName;

    /// <summary>EF Core's name for what issued the command: <c>LinqQuery</c>, <c>SaveChanges</c>, …</summary>
    public string? CommandSource(object payload) => commandSource?.GetValue(payload)?.ToString();

    /// <summary>Rows changed as the reader reported them; -1 when unknown.</summary>
    public int RecordsAffected(object payload) => recordsAffected?.GetValue(payload) is int affected ? affected : -1;

    /// <summary>How many times EF Core called <c>Read</c>; 0 when unknown.</summary>
    public int ReadCount(object payload) => readCount?.GetValue(payload) is int count ? count : 0;
}
