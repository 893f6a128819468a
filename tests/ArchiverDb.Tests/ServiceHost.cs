using ArchiverDb;
using Microsoft.AspNetCore.Builder;
using Npgsql;
using XRay.Data;
using XRay.Testing;

namespace ArchiverDb.Tests;

/// <summary>Both services on a free loopback port, traced by a recorder of their own that sends to a local receiver.</summary>
public sealed class ServiceHost : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly string? database;

    private ServiceHost(TracingHarness harness, WebApplication app, string? database)
    {
        Harness = harness;
        this.app = app;
        this.database = database;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
    }

    public TracingHarness Harness { get; }

    public HttpClient Client { get; }

    /// <summary>Starts the services; with <paramref name="withDatabase"/>, on a fresh database of their own.</summary>
    public static async Task<ServiceHost> StartAsync(bool withDatabase = false, Action<XRayRecorderOptions>? configure = null)
    {
        var database = withDatabase ? "archiverdb_" + Guid.NewGuid().ToString("N")[..12] : null;
        var connectionString = new NpgsqlConnectionStringBuilder(TestPostgres.ConnectionString) { Database = database ?? "postgres" }.ConnectionString;
        if (withDatabase)
            await ArchiverApp.CreateSchemaAsync(connectionString);
        var harness = new TracingHarness(configure);
        var app = ArchiverApp.Build(connectionString, harness.Recorder, "http://127.0.0.1:0", logToConsole: false);
        await app.StartAsync();
        return new ServiceHost(harness, app, database);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        await Harness.DisposeAsync();
        if (database is not null)
        {
            await using var connection = new NpgsqlConnection(TestPostgres.ConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop database if exists {database} with (force)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
