using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using XRay.Data;

namespace XRay.EFCore;

/// <summary>
/// Added to a context's options by <c>AddXRayInterceptor()</c>: checks at context setup that the context's connection
/// can be traced the way it was given, so that a route that cannot work fails there with what to do, never with an
/// exception deep inside a provider. Registers no services.
/// </summary>
internal sealed class XRayOptionsExtension : IDbContextOptionsExtension
{
    // Providers whose relational connection casts the connection to their own type on every open, before EF Core's
    // interceptors run: on a TracedDbConnection every open would throw InvalidCastException inside the provider.
    // MySql.EntityFrameworkCore 10: MySQLRelationalConnection.Open/OpenAsync read its DbConnection property, which casts
    // to MySql.Data's MySqlConnection (so do its database creator and history repository).
    private static readonly (string OptionsExtension, string Provider, string Use, string Connection)[] CastingProviders =
    [
        ("MySql.EntityFrameworkCore.Infrastructure.Internal.MySQLOptionsExtension", "MySql.EntityFrameworkCore", "UseMySQL", "MySql.Data.MySqlClient.MySqlConnection"),
    ];

    private DbContextOptionsExtensionInfo? info;

    /// <summary>The one instance: the extension holds nothing of its own.</summary>
    public static XRayOptionsExtension Instance { get; } = new();

    /// <inheritdoc />
    public DbContextOptionsExtensionInfo Info => info ??= new ExtensionInfo(this);

    /// <inheritdoc />
    public void ApplyServices(IServiceCollection services)
    {
    }

    /// <inheritdoc />
    public void Validate(IDbContextOptions options) => ThrowIfUntraceable(options.Extensions);

    /// <summary>Throws when the context's provider cannot run on the <see cref="TracedDbConnection"/> it was given.</summary>
    /// <exception cref="InvalidOperationException">It cannot: the message says what to do instead.</exception>
    internal static void ThrowIfUntraceable(IEnumerable<IDbContextOptionsExtension> extensions)
    {
        var traced = false;
        (string OptionsExtension, string Provider, string Use, string Connection)? casting = null;
        foreach (var extension in extensions)
        {
            traced |= extension is RelationalOptionsExtension { Connection: TracedDbConnection };
            var name = extension.GetType().FullName;
            foreach (var candidate in CastingProviders)
            {
                if (name == candidate.OptionsExtension)
                    casting = candidate;
            }
        }

        if (!traced || casting is not { } provider)
            return;
        throw new InvalidOperationException(
            $"{provider.Provider} cannot run on a TracedDbConnection: it casts the context's connection to {provider.Connection} " +
            "on every open, so each open would fail inside the provider with an InvalidCastException. " +
            $"Give {provider.Use} the provider's own {provider.Connection} (or a connection string) and keep AddXRayInterceptor(): " +
            "it records every command, failed open and transaction of the context.");
    }

    private sealed class ExtensionInfo(IDbContextOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        public override bool IsDatabaseProvider => false;

        public override string LogFragment => "using XRay ";

        public override int GetServiceProviderHashCode() => 0;

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo;

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo) => debugInfo["XRay:Interceptor"] = "1";
    }
}
