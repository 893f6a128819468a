using System.Data.Common;
using XRay.Data.Tests.Ado;
using XRay.Data.Tests.Sql.Stubs;
using XRay.Testing;

namespace XRay.Data.Tests.Sql;

public sealed class ThrowingProviderTests
{
    public static TheoryData<string, string> Failures()
    {
        var data = new TheoryData<string, string>();
        foreach (var getter in new[] { "ConnectionString", "DataSource", "Database", "ServerVersion", "all" })
        {
            foreach (var exception in new[] { nameof(NullReferenceException), nameof(ArgumentException), nameof(DllNotFoundException), nameof(InvalidOperationException), nameof(PlatformNotSupportedException) })
                data.Add(getter, exception);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_command_returns_its_result_whatever_the_provider_getters_throw(string getter, string exception)
    {
        var inner = new StubDbConnection($"Host=throwing-{Guid.NewGuid():N};Database=app;Username=u;Password=Zq1Xv", dataSource: "throwing", database: "app")
        {
            Result = 7,
        };
        Fail(inner, getter, exception);
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("throwing"))
        {
            await using var connection = new TracedDbConnection(inner, harness.Recorder, new TracedDbOptions { TraceConnectionOpen = true });
            await connection.OpenAsync();

            await using var command = connection.CreateCommand();
            command.CommandText = "select 7";
            Assert.Equal(7, await command.ExecuteScalarAsync());
            Assert.Equal(7, command.ExecuteScalar());
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
            await using (var reader = await command.ExecuteReaderAsync())
            {
                Assert.True(await reader.ReadAsync());
                Assert.Equal(7, reader.GetInt32(0));
            }

            connection.Close();
            connection.Open();
            Assert.Equal(7, command.ExecuteScalar());
        }

        var subs = await TracedPostgres.SqlSubsegmentsAsync(harness);
        Assert.Equal(7, subs.Count);
        Assert.All(subs, s => Assert.False(s.Flag("fault")));
        Assert.DoesNotContain("Zq1Xv", harness.Receiver.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_provider_whose_every_getter_throws_is_described_by_its_type()
    {
        var inner = new StubDbConnection("ignored");
        Fail(inner, "all", nameof(NullReferenceException));
        inner.Open();

        var info = ConnectionInfo.For(inner);

        Assert.Equal("StubDb", info.SubsegmentName);
        Assert.Equal("StubDb", info.DatabaseType);
        Assert.Null(info.ConnectionString);
        Assert.Null(info.Url);
        Assert.Null(info.User);
        Assert.Null(info.DatabaseVersion(inner));
    }

    [Fact]
    public void An_unreadable_connection_string_is_named_from_the_provider_without_parsing_on_every_command()
    {
        var first = new StubDbConnection("x", dataSource: "u:Zq2Xv@ledger.internal", database: "ledger") { ConnectionStringFailure = new ArgumentException("Zq2Xv") };
        var second = new StubDbConnection("x", dataSource: "u:Zq2Xv@ledger.internal", database: "ledger") { ConnectionStringFailure = new ArgumentException("Zq2Xv") };
        var other = new StubDbConnection("x", dataSource: "audit.internal", database: "audit") { ConnectionStringFailure = new ArgumentException("Zq2Xv") };

        Assert.Equal("ledger@ledger.internal", ConnectionInfo.For(first).SubsegmentName);
        Assert.Same(ConnectionInfo.For(first), ConnectionInfo.For(second));
        Assert.Equal("audit@audit.internal", ConnectionInfo.For(other).SubsegmentName);
    }

    private static void Fail(StubDbConnection connection, string getter, string exception)
    {
        Exception Make() => exception switch
        {
            nameof(NullReferenceException) => new NullReferenceException(),
            nameof(ArgumentException) => new ArgumentException("bad"),
            nameof(DllNotFoundException) => new DllNotFoundException("libclient.so"),
            nameof(InvalidOperationException) => new InvalidOperationException("closed"),
            _ => new PlatformNotSupportedException(),
        };
        if (getter is "ConnectionString" or "all")
            connection.ConnectionStringFailure = Make();
        if (getter is "DataSource" or "all")
            connection.DataSourceFailure = Make();
        if (getter is "Database" or "all")
            connection.DatabaseFailure = Make();
        if (getter is "ServerVersion" or "all")
            connection.ServerVersionFailure = Make();
    }
}
