using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using XRay.Data;
using XRay.Testing;

namespace XRay.EFCore.Tests.Ledger;

/// <summary>
/// A table whose constraints and trigger fail with the values being saved, created once per test run in a schema of
/// its own, on a connection that includes PostgreSQL's error details (the rows and keys that failed).
/// </summary>
public static class LedgerDatabase
{
    private static readonly Lazy<Task> Tables = new(CreateTablesAsync);

    private static readonly Lazy<string> Server = new(() => new NpgsqlConnectionStringBuilder(TestPostgres.ConnectionString)
    {
        SearchPath = Schema,
        IncludeErrorDetail = true,
    }.ConnectionString);

    public static string Schema { get; } = "ledger_" + Guid.NewGuid().ToString("N")[..8];

    public static string ConnectionString => Server.Value;

    /// <summary>A context traced by <paramref name="recorder"/> with the interceptor's options, or untraced when it is null.</summary>
    public static async Task<LedgerContext> OpenAsync(XRayRecorder? recorder, ErrorCapture capture = ErrorCapture.Redacted)
    {
        await Tables.Value;
        var builder = new DbContextOptionsBuilder<LedgerContext>().UseNpgsql(ConnectionString);
        if (recorder is not null)
        {
            builder.AddXRayInterceptor(recorder, new TracedDbOptions { ErrorCapture = capture });
        }

        return new LedgerContext(builder.Options);
    }

    private static async Task CreateTablesAsync()
    {
        await using var context = new LedgerContext(new DbContextOptionsBuilder<LedgerContext>().UseNpgsql(ConnectionString).Options);
        await context.GetService<IRelationalDatabaseCreator>().CreateTablesAsync();
        // Schema names cannot be parameters; this one is generated above.
        var trigger = $"""
            create function {Schema}.reject_note() returns trigger language plpgsql as $$
            begin
                if new."Note" like 'reject%' then
                    raise exception 'entry % rejected: %', new."Code", new."Note" using detail = 'code ' || new."Code";
                end if;
                return new;
            end $$;
            create trigger entries_reject before insert on {Schema}.entries for each row execute function {Schema}.reject_note();
            """;
        await context.Database.ExecuteSqlRawAsync(trigger);
    }
}
