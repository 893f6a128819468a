using System.Globalization;
using System.Text.Json.Nodes;
using ArchiverDb;
using Npgsql;
using XRay.Testing;

namespace ArchiverDb.Tests;

public sealed class JsonDemoTests
{
    [Fact]
    public async Task Json_prints_every_datagram_as_the_daemon_receives_it()
    {
        var database = "archiverdb_" + Guid.NewGuid().ToString("N")[..12];
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        try
        {
            var result = await Demo.RunAsync(new DemoOptions { ConnectionString = TestPostgres.ConnectionString, Database = database, Json = true }, output);

            var printed = output.ToString().Split('\n').SkipWhile(line => !line.StartsWith("{\"format\"", StringComparison.Ordinal)).ToList();
            var datagrams = result.DatagramText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(datagrams, printed.Where(line => line.Length > 0));
            var documents = printed.Where(line => line.StartsWith('{') && !line.StartsWith("{\"format\"", StringComparison.Ordinal)).Select(line => JsonNode.Parse(line)!).ToList();
            Assert.Equal(result.Segments.Count, documents.Count(document => document["type"] is null));
            Assert.Contains(documents, document => document.ToJsonString().Contains("\"sql\":{", StringComparison.Ordinal));
            Assert.DoesNotContain("trace 1-", output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await using var connection = new NpgsqlConnection(TestPostgres.ConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop database if exists {database} with (force)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
