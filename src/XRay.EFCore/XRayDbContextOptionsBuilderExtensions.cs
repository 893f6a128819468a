using Microsoft.EntityFrameworkCore.Infrastructure;
using XRay.Data;
using XRay.EFCore;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Adds X-Ray tracing to a <see cref="DbContext"/>'s options.</summary>
public static class XRayDbContextOptionsBuilderExtensions
{
    /// <summary>
    /// Records every command the context runs as an X-Ray <c>sql</c> subsegment under the current segment, with its
    /// failed connection opens and its transactions: <c>services.AddDbContext&lt;ArchiveContext&gt;(o =&gt;
    /// o.UseNpgsql(cs).AddXRayInterceptor())</c>. Safe with <c>AddDbContextPool</c>: the interceptor keeps no state per
    /// context. Adding it twice, or using it with a <see cref="TracedDbConnection"/>, still records each command once.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The context's provider cannot run on the <see cref="TracedDbConnection"/> it was given (MySql.EntityFrameworkCore
    /// casts the connection to its own type on every open): give it the provider's own connection instead; the interceptor
    /// records every command. Checked here when the provider is already configured, else when the context is first set up.
    /// </exception>
    /// <remarks>
    /// Without arguments every context shares one interceptor. With a recorder or options, each call makes a small one;
    /// where options are built per context (<c>AddDbContext</c>), make one <see cref="XRayInterceptor"/> and pass it to
    /// <c>AddInterceptors</c> instead.
    /// </remarks>
    /// <param name="optionsBuilder">The context's options.</param>
    /// <param name="recorder">
    /// Where subsegments go; when null, the application's <see cref="XRayRecorder"/> (<c>services.AddXRay()</c>), found
    /// through the context's application services, else <see cref="XRayRecorder.Default"/>.
    /// </param>
    /// <param name="options">
    /// What is recorded; when null, the <see cref="TracedDbOptions"/> registered with the application's services, else
    /// <see cref="TracedDbOptions.Default"/>. Frozen from now on.
    /// </param>
    /// <returns>The same builder, for chaining.</returns>
    public static DbContextOptionsBuilder AddXRayInterceptor(this DbContextOptionsBuilder optionsBuilder, XRayRecorder? recorder = null, TracedDbOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(optionsBuilder);
        XRayOptionsExtension.ThrowIfUntraceable(optionsBuilder.Options.Extensions);
        ((IDbContextOptionsBuilderInfrastructure)optionsBuilder).AddOrUpdateExtension(XRayOptionsExtension.Instance);
        if (recorder is null && options is null)
            return optionsBuilder.AddInterceptors(XRayInterceptor.Shared);
        return optionsBuilder.AddInterceptors(new XRayInterceptor(recorder, options));
    }

    /// <summary>
    /// Records the context's database calls with options set by <paramref name="configure"/>, to the application's
    /// recorder (<c>services.AddXRay()</c>), else <see cref="XRayRecorder.Default"/>.
    /// </summary>
    /// <param name="optionsBuilder">The context's options.</param>
    /// <param name="configure">Sets what is recorded, on a new <see cref="TracedDbOptions"/>.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static DbContextOptionsBuilder AddXRayInterceptor(this DbContextOptionsBuilder optionsBuilder, Action<TracedDbOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new TracedDbOptions();
        configure(options);
        return AddXRayInterceptor(optionsBuilder, recorder: null, options);
    }

    /// <inheritdoc cref="AddXRayInterceptor(DbContextOptionsBuilder, XRayRecorder?, TracedDbOptions?)"/>
    public static DbContextOptionsBuilder<TContext> AddXRayInterceptor<TContext>(this DbContextOptionsBuilder<TContext> optionsBuilder, XRayRecorder? recorder = null, TracedDbOptions? options = null)
        where TContext : DbContext
        => (DbContextOptionsBuilder<TContext>)AddXRayInterceptor((DbContextOptionsBuilder)optionsBuilder, recorder, options);

    /// <inheritdoc cref="AddXRayInterceptor(DbContextOptionsBuilder, Action{TracedDbOptions})"/>
    public static DbContextOptionsBuilder<TContext> AddXRayInterceptor<TContext>(this DbContextOptionsBuilder<TContext> optionsBuilder, Action<TracedDbOptions> configure)
        where TContext : DbContext
        => (DbContextOptionsBuilder<TContext>)AddXRayInterceptor((DbContextOptionsBuilder)optionsBuilder, configure);
}
