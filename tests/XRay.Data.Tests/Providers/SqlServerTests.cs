using System.Net;
using System.Net.Sockets;
using Microsoft.Data.SqlClient;
using XRay.Data.Tests.Ado;
using XRay.Testing;

namespace XRay.Data.Tests.Providers;

/// <summary>
/// Microsoft.Data.SqlClient without a server (there is no SQL Server here): an open that fails on a closed loopback
/// port, fast, and a command on the connection that never opened, with SqlClient's own exceptions and naming, the
/// connection string without its password, and the T-SQL dialect.
/// </summary>
public abstract class SqlServerTests(SyncOrAsync mode)
{
    [Fact]
    public async Task A_failed_open_is_recorded_with_sqlclients_own_exception_and_no_password()
    {
        var connectionString = ClosedPortConnectionString();
        await using var harness = new TracingHarness();
        SqlException error;
        using (harness.Recorder.BeginSegment("sqlserver"))
        {
            await using var connection = new TracedDbConnection(new SqlConnection(connectionString), harness.Recorder);
            error = await Assert.ThrowsAsync<SqlException>(() => mode.OpenAsync(connection));
        }

        Assert.Contains("SqlClient", error.StackTrace, StringComparison.Ordinal);
        var sub = Assert.Single(await TracedPostgres.SqlSubsegmentsAsync(harness));
        Assert.Equal("orders@127.0.0.1", sub.Name);
        Assert.True(sub.Flag("fault"));
        Assert.Equal("open", (string?)sub.Json["metadata"]?["sql"]?["operation"]);
        var sql = sub.Sql!;
        Assert.Equal("Microsoft SQL Server", (string?)sql["database_type"]);
        Assert.Null(sql["database_version"]);
        Assert.Matches(@"^Microsoft\.Data\.SqlClient 7\.1\.1", (string?)sql["driver_version"]);
        Assert.Equal("app", (string?)sql["user"]);
        var recorded = (string?)sql["connection_string"];
        Assert.Contains("Initial Catalog=orders", recorded, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("password", recorded, StringComparison.OrdinalIgnoreCase);
        var exception = sub.Json["cause"]!["exceptions"]![0]!;
        Assert.Equal("Microsoft.Data.SqlClient.SqlException", (string?)exception["type"]);
        Assert.True((bool?)exception["remote"]);
        Assert.StartsWith("A network-related or instance-specific error occurred while establishing a connection to SQL Server.", (string?)exception["message"], StringComparison.Ordinal);
        Assert.Equal(DbExceptionRedactor.Redact(error), (string?)exception["message"]);
        // SqlClient numbers its own errors 0: no meaningful code, so none is recorded.
        Assert.Equal(0, error.Number);
        Assert.Null(sub.Json["annotations"]?["error_code"]);
        Assert.DoesNotContain("Zq60Xv", harness.Receiver.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_on_a_connection_that_never_opened_is_a_fault_with_its_query_in_the_tsql_dialect()
    {
        await using var harness = new TracingHarness();
        InvalidOperationException error;
        using (harness.Recorder.BeginSegment("sqlserver"))
        {
            await using var connection = new TracedDbConnection(new SqlConnection(ClosedPortConnectionString()), harness.Recorder);
            await using var command = connection.CreateCommand();
            // T-SQL's lexical rules: N'' strings, [bracketed] and "quoted" names, binary literals, money.
            command.CommandText = "select N'Zq61Xv', [name], \"total\", 0x5A71, $12.50 from dbo.orders where id = 42 -- Zq62Xv";
            error = await Assert.ThrowsAsync<InvalidOperationException>(() => mode.ExecuteScalarAsync(command));
        }

        Assert.Contains("open", error.Message, StringComparison.OrdinalIgnoreCase);
        var sub = Assert.Single(await TracedPostgres.SqlSubsegmentsAsync(harness));
        Assert.Equal("orders@127.0.0.1", sub.Name);
        Assert.True(sub.Flag("fault"));
        Assert.Equal("select ?, [name], \"total\", ?, ? from dbo.orders where id = ?", TracedPostgres.Query(sub));
        Assert.Equal("statement", (string?)sub.Sql!["preparation"]);
        var exception = sub.Json["cause"]!["exceptions"]![0]!;
        Assert.Equal("System.InvalidOperationException", (string?)exception["type"]);
        Assert.Null((bool?)exception["remote"]);
        Assert.DoesNotMatch(@"Zq6\dXv", harness.Receiver.AllText());
    }

    [Fact]
    public void SqlClients_own_failure_is_redacted_as_sql_server_text()
    {
        using var connection = new SqlConnection(ClosedPortConnectionString());
        var error = Assert.Throws<SqlException>(connection.Open);

        var redacted = DbExceptionRedactor.Redact(error);

        // SqlClient numbers its own errors 0, as SQL Server numbers PRINT output, but with a severity (class 20).
        Assert.Equal((0, (byte)20), (error.Number, error.Class));

        Assert.NotNull(redacted);
        Assert.StartsWith("A network-related or instance-specific error occurred while establishing a connection to SQL Server.", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("Zq60Xv", redacted, StringComparison.Ordinal);
    }

    /// <summary>A loopback port nothing listens on: the connection is refused at once, so the open fails fast.</summary>
    private static string ClosedPortConnectionString()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        return $"Server=tcp:127.0.0.1,{port};Initial Catalog=orders;User ID=app;Password=Zq60Xv;Encrypt=False;Connect Timeout=5;ConnectRetryCount=0;Pooling=False";
    }
}

public sealed class SqlServerTestsSync() : SqlServerTests(SyncOrAsync.Sync);

public sealed class SqlServerTestsAsync() : SqlServerTests(SyncOrAsync.Async);
