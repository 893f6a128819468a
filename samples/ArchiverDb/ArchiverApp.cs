using Microsoft.EntityFrameworkCore;
using Npgsql;
using XRay.Data;

namespace ArchiverDb;

/// <summary>Builds the web application: both services, traced through the application's one recorder.</summary>
public static class ArchiverApp
{
    /// <summary>The name of the fetcher's <see cref="HttpClient"/>.</summary>
    public const string FetcherClient = "fetcher";

    public static WebApplication Build(string connectionString, Action<XRayRecorderOptions> xray, string urls, bool logToConsole)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(ArchiverApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseUrls(urls);
        if (logToConsole)
            builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        else
            builder.Logging.ClearProviders();

        // One recorder for the application: from the XRay configuration section, the code below and AWS_XRAY_* variables.
        builder.Services.AddXRay(xray);
        // EF Core, Dapper's connections and the fetcher's HttpClient all record to it.
        builder.Services.AddDbContext<ArchiveContext>(options => options.UseNpgsql(connectionString).AddXRayInterceptor());
        builder.Services.AddTracedDbDataSource(_ => NpgsqlDataSource.Create(connectionString));
        builder.Services.AddHttpClient(FetcherClient).AddXRayTracing();

        var app = builder.Build();
        app.UseXRay(new ServiceByRoute());
        app.MapArchiver();
        app.MapFetcher();
        return app;
    }

    /// <summary>Creates the database and its table when they are missing; runs untraced, before any request.</summary>
    public static async Task CreateSchemaAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var options = new DbContextOptionsBuilder<ArchiveContext>().UseNpgsql(connectionString).Options;
        await using var db = new ArchiveContext(options);
        await db.Database.EnsureCreatedAsync(cancellationToken);
    }
}
