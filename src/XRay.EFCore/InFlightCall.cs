using Microsoft.EntityFrameworkCore.Diagnostics;
using XRay.Data;

namespace XRay.EFCore;

/// <summary>
/// One command execution, open or transaction operation being recorded, from EF Core's "before" hook to its end.
/// <see cref="Id"/> is EF Core's id of the execution, connection or transaction, so a second registration of the
/// interceptor, which sees the same id, finds it already recorded.
/// </summary>
internal sealed class InFlightCall(SqlCall call, Guid id, CommandSource source = CommandSource.Unknown)
{
    public SqlCall Call { get; } = call;

    public Guid Id { get; } = id;

    /// <summary>What issued a command; decides how its rows read are counted.</summary>
    public CommandSource Source { get; } = source;
}
