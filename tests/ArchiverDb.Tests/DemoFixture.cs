using System.Globalization;
using ArchiverDb;
using Npgsql;
using XRay.Testing;

namespace ArchiverDb.Tests;

/// <summary>Runs the demo once, in-process, against the test PostgreSQL server and a local receiver.</summary>
public sealed class DemoFixture : IAsyncLifetime
{
    private readonly string database = "archiverdb_" + Guid.NewGuid().ToString("N")[..12];

    public DemoResult Result { get; private set; } = null!;

    public string Output { get; private set; } = string.Empty;

    public string Password { get; } = new NpgsqlConnectionStringBuilder(TestPostgres.ConnectionString).Password ?? string.Empty;

    public async Task InitializeAsync()
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        Result = await Demo.RunAsync(new DemoOptions { ConnectionString = TestPostgres.ConnectionString, Database = database }, output);
        Output = output.ToString();
    }

    public async Task DisposeAsync()
    {
        await using var connection = new NpgsqlConnection(TestPostgres.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists {database} with (force)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>The call sent as <paramref name="method"/> <paramref name="path"/> (the <paramref name="index"/>th such).</summary>
    public DemoCall Call(string method, string pathStart, int index = 0)
        => Result.Calls.Where(call => call.Method == method && call.Path.StartsWith(pathStart, StringComparison.Ordinal)).ElementAt(index);

    /// <summary>The segments of one trace.</summary>
    public IReadOnlyList<ReceivedEntity> Trace(DemoCall call)
        => [.. Result.Segments.Where(segment => segment.TraceId == call.TraceId)];
}
