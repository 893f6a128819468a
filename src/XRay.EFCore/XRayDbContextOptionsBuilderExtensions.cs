using XRay.EFCore;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Adds X-Ray tracing to a <see cref="DbContext"/>'s options.</summary>
public static class XRayDbContextOptionsBuilderExtensions
{
    /// <summary>
    /// Records every command the context runs as an X-Ray <c>sql</c> subsegment under the current segment:
    /// <c>services.AddDbContext&lt;ArchiveContext&gt;(o =&gt; o.UseNpgsql(cs).AddXRayInterceptor())</c>.
    /// Safe with <c>AddDbContextPool</c>: the interceptor keeps no state per context. Adding it twice, or using it on a
    /// <see cref="XRay.Data.TracedDbConnection"/>, still records each command once.
    /// </summary>
    /// <remarks>
    /// Without options (or with the default ones) every context shares one interceptor. With a recorder or capture
    /// mode set, each call makes a small interceptor; where options are built per context (<c>AddDbContext</c>), make
    /// one <see cref="XRayDbCommandInterceptor"/> and pass it to <c>AddInterceptors</c> instead.
    /// </remarks>
    /// <param name="optionsBuilder">The context's options.</param>
    /// <param name="configure">Sets the recorder (<see cref="XRay.Data.XRayRecorder.Default"/> when not set) and the query capture.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static DbContextOptionsBuilder AddXRayInterceptor(this DbContextOptionsBuilder optionsBuilder, Action<XRayInterceptorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(optionsBuilder);
        if (configure is null)
            return optionsBuilder.AddInterceptors(XRayDbCommandInterceptor.Shared);
        var options = new XRayInterceptorOptions();
        configure(options);
        var interceptor = options is { Recorder: null, QueryCapture: XRay.Data.QueryCapture.Sanitized, KeepComments: false }
            ? XRayDbCommandInterceptor.Shared
            : new XRayDbCommandInterceptor(options);
        return optionsBuilder.AddInterceptors(interceptor);
    }

    /// <inheritdoc cref="AddXRayInterceptor(DbContextOptionsBuilder, Action{XRayInterceptorOptions}?)"/>
    public static DbContextOptionsBuilder<TContext> AddXRayInterceptor<TContext>(this DbContextOptionsBuilder<TContext> optionsBuilder, Action<XRayInterceptorOptions>? configure = null)
        where TContext : DbContext
        => (DbContextOptionsBuilder<TContext>)AddXRayInterceptor((DbContextOptionsBuilder)optionsBuilder, configure);
}
