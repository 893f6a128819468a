using System.Data.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using XRay.AspNetCore.Implementation;
using XRay.Data;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the application's X-Ray recorder and traced database objects.</summary>
public static class XRayServiceCollectionExtensions
{
    /// <summary>
    /// Registers one <see cref="XRayRecorder"/> for the application: the recorder <c>UseXRay</c>, <c>AddXRayTracing</c>,
    /// <c>AddXRayInterceptor()</c> and the traced connections and data sources created from the container use.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Its options come from, in increasing precedence: the <c>XRay</c> configuration section (keys named as the
    /// properties of <see cref="XRayRecorderOptions"/>, and <c>SamplingRulesFile</c>, a rule file's path relative to the
    /// content root); <paramref name="configure"/>; and the variables the AWS SDKs read — <c>AWS_XRAY_DAEMON_ADDRESS</c>,
    /// <c>AWS_XRAY_CONTEXT_MISSING</c>, <c>AWS_XRAY_TRACING_NAME</c>, <c>AWS_XRAY_SDK_ENABLED</c> — which win, as in the
    /// AWS SDKs, because the platform sets them where the application runs.
    /// </para>
    /// <para>
    /// The recorder logs through the application's <see cref="ILoggerFactory"/> (category <c>XRay.Data.XRayRecorder</c>),
    /// sends what it has queued when the host stops, and is disposed with the container. <see cref="XRayRecorder.Default"/>
    /// is left alone. Calling this again adds <paramref name="configure"/> to the same recorder's options.
    /// </para>
    /// </remarks>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Sets options in code, after the configuration section and before the variables.</param>
    /// <returns>The same services, for chaining.</returns>
    public static IServiceCollection AddXRay(this IServiceCollection services, Action<XRayRecorderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!services.Any(service => service.ServiceType == typeof(XRayRecorder)))
        {
            services.AddOptions();
            services.TryAddSingleton(XRayVariables.Environment);
            // Registered first, so that code's own Configure calls come after the section.
            services.AddSingleton<IConfigureOptions<XRayRecorderOptions>>(provider => new ConfigureOptions<XRayRecorderOptions>(options =>
            {
                var logger = RecorderLogger(provider);
                options.Logger = logger;
                XRayConfiguration.ReadSection(provider.GetService<IConfiguration>(), options, provider.GetService<IHostEnvironment>()?.ContentRootPath, logger);
            }));
            services.AddSingleton<IPostConfigureOptions<XRayRecorderOptions>>(provider => new PostConfigureOptions<XRayRecorderOptions>(Options.Options.DefaultName, options =>
                XRayConfiguration.ApplyVariables(options, provider.GetRequiredService<XRayVariables>().Read, options.Logger ?? RecorderLogger(provider))));
            services.AddSingleton(provider => new XRayRecorder(provider.GetRequiredService<IOptions<XRayRecorderOptions>>().Value));
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, XRayShutdownFlush>());
        }

        if (configure is not null)
            services.Configure(configure);
        return services;
    }

    /// <summary>
    /// Registers a traced data source over the provider's (such as <c>NpgsqlDataSource.Create(connectionString)</c>),
    /// as <see cref="TracedDbDataSource"/> and <see cref="DbDataSource"/>, and the <see cref="DbConnection"/>s it
    /// creates. They record with the application's <see cref="XRayRecorder"/> and the <see cref="TracedDbOptions"/>
    /// registered in the container, when there are any.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="dataSource">Creates the provider's data source, once; it is disposed with the container.</param>
    /// <param name="connectionLifetime">The lifetime of the registered <see cref="DbConnection"/>.</param>
    /// <returns>The same services, for chaining.</returns>
    public static IServiceCollection AddTracedDbDataSource(this IServiceCollection services, Func<IServiceProvider, DbDataSource> dataSource, ServiceLifetime connectionLifetime = ServiceLifetime.Transient)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(dataSource);
        services.AddSingleton(provider => new TracedDbDataSource(dataSource(provider), provider.GetService<XRayRecorder>(), provider.GetService<TracedDbOptions>()));
        services.AddSingleton<DbDataSource>(provider => provider.GetRequiredService<TracedDbDataSource>());
        services.Add(new ServiceDescriptor(typeof(DbConnection), provider => provider.GetRequiredService<TracedDbDataSource>().CreateConnection(), connectionLifetime));
        return services;
    }

    /// <summary>
    /// Registers <see cref="DbConnection"/> as a <see cref="TracedDbConnection"/> over the provider's connection, recording
    /// with the application's <see cref="XRayRecorder"/> and the <see cref="TracedDbOptions"/> registered in the
    /// container, when there are any.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="connection">Creates the provider's connection, such as <c>new NpgsqlConnection(connectionString)</c>.</param>
    /// <param name="lifetime">The lifetime of the registered <see cref="DbConnection"/>.</param>
    /// <returns>The same services, for chaining.</returns>
    public static IServiceCollection AddTracedDbConnection(this IServiceCollection services, Func<IServiceProvider, DbConnection> connection, ServiceLifetime lifetime = ServiceLifetime.Scoped)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(connection);
        services.Add(new ServiceDescriptor(
            typeof(DbConnection),
            provider => new TracedDbConnection(connection(provider), provider.GetService<XRayRecorder>(), provider.GetService<TracedDbOptions>()),
            lifetime));
        return services;
    }

    private static ILogger RecorderLogger(IServiceProvider provider)
        => provider.GetService<ILoggerFactory>()?.CreateLogger<XRayRecorder>() ?? NullLogger<XRayRecorder>.Instance;
}
