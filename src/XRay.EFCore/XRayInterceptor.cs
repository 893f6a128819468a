using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using XRay.Data;

namespace XRay.EFCore;

/// <summary>
/// Records what EF Core runs as X-Ray <c>sql</c> subsegments under the segment or subsegment current where it starts:
/// every command, every failed connection open (and successful ones with <see cref="TracedDbOptions.TraceConnectionOpen"/>),
/// and the <c>COMMIT</c>, <c>ROLLBACK</c> and savepoints of its transactions. Add it with <c>options.AddXRayInterceptor()</c>.
/// </summary>
/// <remarks>
/// <para>
/// A subsegment begins in EF Core's "before" hook, in the caller's async flow, and is paired with its end by the
/// command, connection or transaction object, never by the current entity, so interleaved async flows and other
/// interceptors cannot mismatch them. A query's subsegment stays open while EF Core reads the rows and ends when EF Core
/// closes the reader. One instance serves any number of contexts, pooled or not, on any number of threads.
/// </para>
/// <para>
/// With no segment current the recorder's context-missing strategy applies, except that this interceptor never
/// throws into EF Core: EF Core also runs commands the application did not issue itself (migrations at start-up,
/// <c>EnsureCreated</c>, health checks), and those must not fail. Under <see cref="ContextMissingStrategy.RuntimeError"/>
/// every such command is logged as an error with its <see cref="ContextMissingException"/> and runs untraced;
/// <see cref="ContextMissingStrategy.LogError"/> logs once and <see cref="ContextMissingStrategy.IgnoreError"/> stays silent.
/// </para>
/// <para>
/// On a <see cref="TracedDbConnection"/> each command is recorded here, once, with the traced connection's recorder
/// and options, and EF Core reads the provider's own readers (EF Core providers cast them to their own types); the
/// traced connection records its own opens and transactions. Executions an earlier interceptor answered itself (its
/// result is already set in the <c>Executing</c> hook) are not database calls and are not recorded.
/// </para>
/// </remarks>
public sealed partial class XRayInterceptor : IDbCommandInterceptor, IDbConnectionInterceptor, IDbTransactionInterceptor
{
    /// <summary>The metadata namespace for what EF Core knows about a command.</summary>
    public const string MetadataNamespace = "EntityFrameworkCore";

    // Set when a recorder was passed: every call goes there, whatever the context.
    private readonly SqlRecorder? configured;

    // Set when options were passed; frozen. Otherwise the application's, if it registered any.
    private readonly TracedDbOptions? options;

    /// <summary>Creates the interceptor.</summary>
    /// <param name="recorder">
    /// Where subsegments go; when null, the application's <see cref="XRayRecorder"/> (registered with <c>AddXRay()</c>,
    /// found through the context's application services), else <see cref="XRayRecorder.Default"/>.
    /// </param>
    /// <param name="options">
    /// What is recorded; when null, the application's registered <see cref="TracedDbOptions"/>, else
    /// <see cref="TracedDbOptions.Default"/>. Frozen from now on.
    /// </param>
    public XRayInterceptor(XRayRecorder? recorder = null, TracedDbOptions? options = null)
    {
        this.options = Freeze(options);
        if (recorder is not null)
            configured = new SqlRecorder(recorder, this.options);
    }

    /// <summary>
    /// How calls are recorded when the context does not run on a <see cref="TracedDbConnection"/> and has no
    /// <see cref="XRayRecorder"/> among its application services.
    /// </summary>
    public SqlRecorder SqlRecorder => configured ?? (options is null ? SqlRecorder.Default : DefaultWithOptions);

    /// <summary>The instance behind <c>AddXRayInterceptor()</c> without arguments: nothing is allocated per context.</summary>
    internal static XRayInterceptor Shared { get; } = new();

    /// <summary>Begins a call under <see cref="SqlRecorder"/>; never throws into EF Core, whatever the context-missing strategy.</summary>
    private static SqlCall Begin<TState>(SqlRecorder sql, TState state, Func<SqlRecorder, TState, SqlCall> begin, string what)
    {
        try
        {
            return begin(sql, state);
        }
        catch (ContextMissingException exception)
        {
            sql.Recorder.Options.Logger?.LogError(exception, "EF Core {What} run untraced: {Message}", what, exception.Message);
            return default;
        }
    }
}
