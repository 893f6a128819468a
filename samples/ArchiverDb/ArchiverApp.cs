using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using XRay.Data;

namespace ArchiverDb;

/// <summary>Builds the web application: both services, traced through one recorder.</summary>
public static class ArchiverApp
{
    public static WebApplication Build(string connectionString, XRayRecorder recorder, string urls, bool logToConsole)
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

        builder.Services.AddSingleton(recorder);
        builder.Services.AddDbContext<ArchiveContext>(options => options.UseNpgsql(connectionString).AddXRayInterceptor(recorder));
        builder.Services.AddScoped<DbConnection>(_ => new TracedDbConnection(new NpgsqlConnection(connectionString), recorder));
        builder.Services.AddTransient<TracingHandler>();
        builder.Services.AddHttpClient(nameof(TracingHandler)).AddHttpMessageHandler<TracingHandler>();

        var app = builder.Build();
        app.UseMiddleware<TracingMiddleware>();
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
