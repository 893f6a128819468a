using System.Net;
using System.Net.Sockets;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using XRay.Data;
using XRay.EFCore.Tests.Notes;
using XRay.Testing;

namespace XRay.EFCore.Tests.Providers;

/// <summary>
/// EF Core SqlServer without a server (there is no SQL Server here): its open fails on a closed loopback port, and the
/// failure is recorded once with SqlClient's naming, on either route.
/// </summary>
public abstract class SqlServerTests(SyncOrAsync mode)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_failed_open_is_recorded_once_with_sqlclients_exception_and_no_password(bool tracedConnection)
    {
        var connectionString = ClosedPortConnectionString();
        await using var harness = new TracingHarness();
        SqlException error;
        using (harness.Recorder.BeginSegment("notes"))
        {
            var builder = new DbContextOptionsBuilder<NotesContext>();
            if (tracedConnection)
                builder.UseSqlServer(new TracedDbConnection(new SqlConnection(connectionString), harness.Recorder), contextOwnsConnection: true).AddXRayInterceptor();
            else
                builder.UseSqlServer(connectionString).AddXRayInterceptor(harness.Recorder);
            await using var db = new NotesContext(builder.Options);
            error = await Assert.ThrowsAsync<SqlException>(async () => _ = mode == SyncOrAsync.Async ? await db.Notes.ToListAsync() : db.Notes.ToList());
        }

        Assert.Contains("SqlClient", error.StackTrace, StringComparison.Ordinal);
        var sql = Assert.Single((await harness.SegmentsAsync()).Single().SqlSubsegments());
        Assert.Equal("orders@127.0.0.1", sql.Name);
        Assert.True(sql.Flag("fault"));
        Assert.Equal("open", (string?)sql.Json["metadata"]?["sql"]?["operation"]);
        Assert.Equal("Microsoft SQL Server", (string?)sql.Sql!["database_type"]);
        Assert.Matches(@"^Microsoft\.Data\.SqlClient 7\.1\.1", (string?)sql.Sql["driver_version"]);
        Assert.Equal("app", (string?)sql.Sql["user"]);
        Assert.DoesNotContain("password", (string?)sql.Sql["connection_string"], StringComparison.OrdinalIgnoreCase);
        Assert.Equal(typeof(SqlException).FullName, (string?)sql.Json["cause"]!["exceptions"]![0]!["type"]);
        Assert.DoesNotContain("Zq90Xv", harness.Receiver.AllText(), StringComparison.Ordinal);
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

        return $"Server=tcp:127.0.0.1,{port};Initial Catalog=orders;User ID=app;Password=Zq90Xv;Encrypt=False;Connect Timeout=5;ConnectRetryCount=0;Pooling=False";
    }
}

public sealed class SqlServerTestsSync() : SqlServerTests(SyncOrAsync.Sync);

public sealed class SqlServerTestsAsync() : SqlServerTests(SyncOrAsync.Async);
