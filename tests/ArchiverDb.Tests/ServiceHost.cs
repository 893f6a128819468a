using ArchiverDb;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using XRay.Data;
using XRay.Testing;

namespace ArchiverDb.Tests;

/// <summary>Both services on a free loopback port, with the recorder AddXRay builds sending to a local receiver.</summary>
public sealed class ServiceHost : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly string? database;

    private ServiceHost(DaemonReceiver receiver, WebApplication app, string? database)
    {
        Receiver = receiver;
        this.app = app;
        this.database = database;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
    }

    public DaemonReceiver Receiver { get; }

    public XRayRecorder Recorder => app.Services.GetRequiredService<XRayRecorder>();

    public HttpClient Client { get; }

    /// <summary>Starts the services; with <paramref name="withDatabase"/>, on a fresh database of their own.</summary>
    public static async Task<ServiceHost> StartAsync(bool withDatabase = false)
    {
        var database = withDatabase ? "archiverdb_" + Guid.NewGuid().ToString("N")[..12] : null;
        var connectionString = new NpgsqlConnectionStringBuilder(TestPostgres.ConnectionString) { Database = database ?? "postgres" }.ConnectionString;
        if (withDatabase)
            await ArchiverApp.CreateSchemaAsync(connectionString);
        var receiver = new DaemonReceiver();
        var app = ArchiverApp.Build(connectionString, xray =>
        {
            xray.DaemonAddress = new DaemonAddress("127.0.0.1", receiver.Port);
            xray.SamplingRules = new SamplingRules(new SamplingRule(fixedTarget: 0, rate: 1.0));
        }, "http://127.0.0.1:0", logToConsole: false);
        await app.StartAsync();
        return new ServiceHost(receiver, app, database);
    }

    /// <summary>Flushes the recorder and waits for <paramref name="count"/> segments.</summary>
    public async Task<IReadOnlyList<ReceivedEntity>> SegmentsAsync(int count = 1)
    {
        await Recorder.FlushAsync();
        return await Receiver.WaitForSegmentsAsync(count);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        Receiver.Dispose();
        if (database is not null)
        {
            await using var connection = new NpgsqlConnection(TestPostgres.ConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop database if exists {database} with (force)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
