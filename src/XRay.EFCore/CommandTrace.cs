using Microsoft.EntityFrameworkCore.Diagnostics;
using XRay.Data;

namespace XRay.EFCore;

/// <summary>One command execution being recorded, from its Executing hook to its end.</summary>
internal sealed class CommandTrace(SqlCall call, Guid commandId, CommandSource source)
{
    public SqlCall Call { get; } = call;

    /// <summary>EF Core's id of the execution; a second interceptor on the same context sees the same id.</summary>
    public Guid CommandId { get; } = commandId;

    public CommandSource Source { get; } = source;
}
