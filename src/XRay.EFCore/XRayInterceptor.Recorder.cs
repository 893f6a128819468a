using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using XRay.Data;

namespace XRay.EFCore;

// Which recorder a call goes to: the one passed to the interceptor, else the application's own (registered with
// AddXRay(), found through EF Core's application service provider), else XRayRecorder.Default. Looked up on every call,
// because one interceptor serves contexts of any number of containers; what the lookup finds is cached, so a call
// costs a few service lookups and allocates nothing.
public sealed partial class XRayInterceptor
{
    // Freezes options without touching XRayRecorder.Default, which an application with its own recorder never needs.
    private static readonly XRayRecorder Freezer = new(new XRayRecorderOptions { Enabled = false });

    private SqlRecorder? application;
    private SqlRecorder? defaultWithOptions;

    /// <summary>The recorder of <see cref="XRayRecorder.Default"/> with this interceptor's options.</summary>
    private SqlRecorder DefaultWithOptions => defaultWithOptions ??= new SqlRecorder(recorder: null, options);

    /// <summary>How a call of <paramref name="context"/> is recorded.</summary>
    private SqlRecorder SqlRecorderFor(DbContext? context)
    {
        if (configured is not null)
            return configured;
        if (context is null || ApplicationServices(context) is not { } services
            || services.GetService(typeof(XRayRecorder)) is not XRayRecorder recorder)
            return SqlRecorder;

        var recordOptions = options ?? services.GetService(typeof(TracedDbOptions)) as TracedDbOptions ?? TracedDbOptions.Default;
        var cached = Volatile.Read(ref application);
        if (cached is not null && ReferenceEquals(cached.Recorder, recorder) && ReferenceEquals(cached.Options, recordOptions))
            return cached;
        var created = new SqlRecorder(recorder, recordOptions);
        Volatile.Write(ref application, created);
        return created;
    }

    /// <summary>The provider the context's options were built with (<c>AddDbContext</c> sets it); null when there is none.</summary>
    private static IServiceProvider? ApplicationServices(DbContext context)
    {
        try
        {
            return context.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException)
        {
            return null;
        }
    }

    private static TracedDbOptions? Freeze(TracedDbOptions? options) => options is null ? null : new SqlRecorder(Freezer, options).Options;
}
