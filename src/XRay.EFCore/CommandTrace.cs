using Microsoft.EntityFrameworkCore.Diagnostics;
using XRay.Data;

namespace XRay.EFCore;

/// <summary>The subsegment of one command execution while it runs.</summary>
internal sealed class CommandTrace(Subsegment subsegment, Guid commandId, CommandSource source)
{
    public Subsegment Subsegment { get; } = subsegment;

    /// <summary>EF Core's id of the execution; a second interceptor on the same context sees the same id.</summary>
    public Guid CommandId { get; } = commandId;

    public CommandSource Source { get; } = source;
}
