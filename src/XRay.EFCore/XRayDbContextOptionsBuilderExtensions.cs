using XRay.Data;
using XRay.EFCore;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Adds X-Ray tracing to a <see cref="DbContext"/>'s options.</summary>
public static class XRayDbContextOptionsBuilderExtensions
{
    /// <summary>
    /// Records every command the context runs as an X-Ray <c>sql</c> subsegment under the current segment, with its
    /// failed connection opens and its transactions: <c>services.AddDbContext&lt;ArchiveContext&gt;(o =&gt;
    /// o.UseNpgsql(cs).AddXRayInterceptor())</c>. Safe with <c>AddDbContextPool</c>: the interceptors keep no state per
    /// context. Adding them twice, or using them with a <see cref="TracedDbConnection"/>, still records each command once.
    /// </summary>
    /// <remarks>
    /// Without arguments every context shares one set of interceptors. With a recorder or options, each call makes a
    /// small set; where options are built per context (<c>AddDbContext</c>), keep one recorder and one options instance
    /// and pass the same ones every time.
    /// </remarks>
    /// <param name="optionsBuilder">The context's options.</param>
    /// <param name="recorder">Where subsegments go; <see cref="XRayRecorder.Default"/> when null.</param>
    /// <param name="options">What is recorded; <see cref="TracedDbOptions.Default"/> when null. Frozen from now on.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static DbContextOptionsBuilder AddXRayInterceptor(this DbContextOptionsBuilder optionsBuilder, XRayRecorder? recorder = null, TracedDbOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(optionsBuilder);
        if (recorder is null && options is null)
            return optionsBuilder.AddInterceptors(XRayDbCommandInterceptor.Shared, XRayDbConnectionInterceptor.Shared, XRayDbTransactionInterceptor.Shared);
        var sqlRecorder = new SqlRecorder(recorder, options);
        return optionsBuilder.AddInterceptors(
            new XRayDbCommandInterceptor(sqlRecorder), new XRayDbConnectionInterceptor(sqlRecorder), new XRayDbTransactionInterceptor(sqlRecorder));
    }

    /// <summary>Records the context's database calls with options set by <paramref name="configure"/>.</summary>
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
