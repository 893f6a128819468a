using Npgsql;
using XRay.Testing;

namespace XRay.Data.Tests.Ado;

/// <summary>Traced connections to the test server, and tables that belong to one test.</summary>
internal static class TracedPostgres
{
    public static TracedDbConnection Connect(TracingHarness harness, TracedDbOptions? options = null, string? connectionString = null)
        => new(new NpgsqlConnection(connectionString ?? TestPostgres.ConnectionString), harness.Recorder, options);

    public static async Task<TracedDbConnection> OpenAsync(TracingHarness harness, TracedDbOptions? options = null, string? connectionString = null)
    {
        var connection = Connect(harness, options, connectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Creates <c>items(id int primary key, name text)</c> with rows 1..<paramref name="rows"/>, untraced.</summary>
    public static async Task<string> CreateItemsAsync(int rows = 5)
    {
        var table = "items_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(TestPostgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"create table {table} (id int primary key, name text); insert into {table} select i, 'item ' || i from generate_series(1, {rows}) i",
            connection);
        await command.ExecuteNonQueryAsync();
        return table;
    }

    /// <summary>The <c>sql</c> subsegments of the one segment received.</summary>
    public static async Task<IReadOnlyList<ReceivedEntity>> SqlSubsegmentsAsync(TracingHarness harness)
    {
        var segment = (await harness.SegmentsAsync()).Single();
        Assert.Empty(harness.Receiver.Rejected);
        return [.. segment.DescendantsAndSelf().Where(e => e.Sql is not null)];
    }

    public static string? Query(ReceivedEntity entity) => (string?)entity.Sql?["sanitized_query"];
}
