using XRay.EFCore;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Adds X-Ray tracing to a <see cref="DbContext"/>'s options.</summary>
public static class XRayDbContextOptionsBuilderExtensions
{
    /// <summary>
    /// Records every command the context runs as an X-Ray <c>sql</c> subsegment under the current segment:
    /// <c>services.AddDbContext&lt;ArchiveContext&gt;(o =&gt; o.UseNpgsql(cs).AddXRayInterceptor())</c>.
    /// Safe with <c>AddDbContextPool</c>: the interceptor keeps no state per context.
    /// </summary>
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
        return optionsBuilder.AddInterceptors(new XRayDbCommandInterceptor(options));
    }

    /// <inheritdoc cref="AddXRayInterceptor(DbContextOptionsBuilder, Action{XRayInterceptorOptions}?)"/>
    public static DbContextOptionsBuilder<TContext> AddXRayInterceptor<TContext>(this DbContextOptionsBuilder<TContext> optionsBuilder, Action<XRayInterceptorOptions>? configure = null)
        where TContext : DbContext
        => (DbContextOptionsBuilder<TContext>)AddXRayInterceptor((DbContextOptionsBuilder)optionsBuilder, configure);
}
