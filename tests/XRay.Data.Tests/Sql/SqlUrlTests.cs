using System.Text.RegularExpressions;
using XRay.Data.Tests.Ado;
using XRay.Data.Tests.Sql.Stubs;
using XRay.Testing;

namespace XRay.Data.Tests.Sql;

public sealed partial class SqlUrlTests
{
    public static TheoryData<string, string?, string?> Forms() => new()
    {
        { "postgresql://u@h:5432", null, "postgresql://h:5432" },
        { "postgresql://u:Zq1Xv@h:5432", null, "postgresql://h:5432" },
        { "postgresql://h:5432/", null, "postgresql://h:5432" },
        { "postgresql://h:5432?dbname=x", "postgresql://h:5432/x", null },
        { "postgresql://h:5432/?dbname=x&password=Zq2Xv", "postgresql://h:5432/x", null },
        { "postgresql://h:5432/app", "postgresql://h:5432/app", null },
        { "postgresql://u:Zq3Xv@h/app?sslmode=require", "postgresql://h/app", null },
        { "postgres://h/app?user=me@corp.example&password=Zq4Xv", "postgres://h/app", null },
        { "postgresql://h/my%20app%3Fx", "postgresql://h/my%20app%3Fx", null },
        { "postgresql://h/a/b/c", "postgresql://h/a", null },
        { "postgresql://[2001:db8::1]:5432/app", "postgresql://[2001:db8::1]:5432/app", null },
        { "postgresql://h1:5432,h2:5433/app?target_session_attrs=read-write", "postgresql://h1:5432/app", null },
        { "mysql://root:Zq5Xv@[::1]:3306/shop", "mysql://[::1]:3306/shop", null },
        { "jdbc:mysql://h:3306/shop?user=root&password=Zq6Xv", "jdbc:mysql://h:3306/shop", null },
        { "sqlserver://h:1433", null, "sqlserver://h:1433" },
        { "sqlserver://h:1433;user=sa;password=Zq7Xv", null, "sqlserver://h:1433;user=sa" },
        { "sqlserver://h:1433;databaseName=orders;user=sa;password=Zq8Xv", "sqlserver://h:1433/orders", null },
        { "postgres://user:Zq9Xv/app", null, null },
        { "postgres://u:Zq10Xv#@h/app", null, null },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public void A_url_is_recorded_only_in_the_form_the_receiver_accepts(string connectionString, string? url, string? recordedInstead)
    {
        var info = ConnectionInfo.For(new StubDbConnection(connectionString));

        Assert.Equal(url, info.Url);
        Assert.Equal(recordedInstead, info.ConnectionString);
        if (info.Url is not null)
            Assert.Matches(ReceiverPattern(), info.Url);
        Assert.DoesNotMatch(@"Zq\d+Xv", info.Url + info.ConnectionString + info.SubsegmentName + info.User);
    }

    [Fact]
    public void The_receiver_pattern_rejects_what_is_no_longer_recorded_as_a_url()
    {
        foreach (var rejected in new[] { "postgresql://u@h:5432", "postgresql://h:5432/", "postgresql://h:5432?dbname=x" })
            Assert.DoesNotMatch(ReceiverPattern(), rejected);
    }

    [Fact]
    public async Task Every_url_sent_matches_the_receiver_pattern()
    {
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("urls"))
        {
            foreach (var form in Forms())
            {
                await using var connection = new TracedDbConnection(new StubDbConnection((string)form[0]), harness.Recorder);
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = "select 1";
                Assert.Equal(42, await command.ExecuteScalarAsync());
            }
        }

        var subs = await TracedPostgres.SqlSubsegmentsAsync(harness);
        Assert.Equal(Forms().Count(), subs.Count);
        var urls = subs.Select(s => (string?)s.Sql!["url"]).OfType<string>().ToList();
        Assert.Equal(Forms().Count(f => f[1] is not null), urls.Count);
        Assert.All(urls, url => Assert.Matches(ReceiverPattern(), url));
        Assert.All(subs, s => Assert.False(s.Sql!["url"] is not null && s.Sql["connection_string"] is not null));
        Assert.DoesNotMatch(@"Zq\d+Xv", harness.Receiver.AllText());
    }

    // opentelemetry-collector-contrib, receiver/awsxrayreceiver/internal/translator/sql.go
    [GeneratedRegex(@"^(.+//.+)/([^?]+)\??.*$")]
    private static partial Regex ReceiverPattern();
}
