using System.Data.Common;
using Npgsql;
using XRay.Data.Tests.Ado.Fakes;
using XRay.Testing;

namespace XRay.Data.Tests.Ado;

public sealed class SecretScrubbingTests
{
    // Every password holds a marker ("Zq<n>Xv") that survives JSON escaping, so a leak is found however it is written.
    public static TheoryData<string, string> Corpus()
    {
        string[] keys = ["Password", "Pwd", "Psw", "SSL Password", "Access Token", "Client Secret", "SslKey"];
        string[] passwords = ["Zq{0}Xv;semi", "Zq{0}Xv=equals==", "Zq{0}Xv'single", "Zq{0}Xv\"double", "{{Zq{0}Xv}}", "Zq{0}Xv with spaces ", "Zq{0}Xvünïcødé✓", "Zq{0}Xv;Password=x;'\"{{}}"];
        var data = new TheoryData<string, string>();
        var n = 0;
        foreach (var key in keys)
        {
            foreach (var password in passwords)
                data.Add(key, string.Format(System.Globalization.CultureInfo.InvariantCulture, password, n++));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task Password_never_reaches_the_datagram(string key, string password)
    {
        var builder = new DbConnectionStringBuilder
        {
            ["Server"] = "db.example.com",
            ["Database"] = "shop",
            ["User ID"] = "app",
            [key] = password,
            ["Persist Security Info"] = "true",
        };
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("secrets"))
        {
            await using var connection = new TracedDbConnection(new Microsoft.Data.SqlClient.SqlConnection(builder.ConnectionString), harness.Recorder);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "select 1";
            await command.ExecuteScalarAsync();
        }

        var sub = Assert.Single(await TracedPostgres.SqlSubsegmentsAsync(harness));
        Assert.Equal("shop@db.example.com", sub.Name);
        Assert.NotNull((string?)sub.Sql!["connection_string"]);
        AssertNeverSent(harness, password);
    }

    [Theory]
    [InlineData("Zq100Xv;semi=colon")]
    [InlineData("Zq101Xv'quote\"double")]
    [InlineData("Zq102Xv{brace} space")]
    [InlineData("Zq103Xvünïcødé✓")]
    public async Task Npgsql_password_never_reaches_the_datagram_even_when_persisted(string password)
    {
        var role = "r_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(TestPostgres.ConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"create role {role} login password '{password.Replace("'", "''", StringComparison.Ordinal)}'", admin);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(TestPostgres.ConnectionString)
        {
            Username = role,
            Password = password,
            PersistSecurityInfo = true,
            Pooling = false,
        }.ConnectionString;
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("secrets"))
        {
            await using var connection = await TracedPostgres.OpenAsync(harness, new TracedDbOptions { TraceConnectionOpen = true }, connectionString);
            Assert.Equal(password, new NpgsqlConnectionStringBuilder(connection.ConnectionString).Password);
            await using var command = connection.CreateCommand();
            command.CommandText = "select current_user";
            Assert.Equal(role, await command.ExecuteScalarAsync());
            await using var failing = connection.CreateCommand();
            failing.CommandText = "select * from missing";
            await Assert.ThrowsAsync<PostgresException>(() => failing.ExecuteNonQueryAsync());
        }

        var subs = await TracedPostgres.SqlSubsegmentsAsync(harness);
        Assert.Equal(3, subs.Count);
        Assert.All(subs, s => Assert.Equal(role, (string?)s.Sql!["user"]));
        AssertNeverSent(harness, password);
    }

    [Fact]
    public async Task Url_credentials_never_reach_the_datagram()
    {
        const string url = "postgresql://user:Zq200Xv%40ss@db.example.com:5432/app?sslmode=require&password=Zq201Xv&sslpassword=Zq202Xv";
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("secrets"))
        {
            await using var connection = new TracedDbConnection(new FakeDbConnection(url), harness.Recorder);
            await using var command = connection.CreateCommand();
            command.CommandText = "select 1";
            await command.ExecuteScalarAsync();
        }

        var sub = Assert.Single(await TracedPostgres.SqlSubsegmentsAsync(harness));
        Assert.Equal("app@db.example.com", sub.Name);
        Assert.Equal("postgresql://db.example.com:5432/app", (string?)sub.Sql!["url"]);
        Assert.Null(sub.Sql["connection_string"]);
        Assert.Equal("user", (string?)sub.Sql["user"]);
        foreach (var marker in new[] { "Zq200Xv", "Zq201Xv", "Zq202Xv" })
            Assert.DoesNotContain(marker, harness.Receiver.AllText(), StringComparison.Ordinal);
    }

    private static void AssertNeverSent(TracingHarness harness, string password)
    {
        var text = harness.Receiver.AllText();
        Assert.DoesNotContain(password, text, StringComparison.Ordinal);
        var marker = password[password.IndexOf("Zq", StringComparison.Ordinal)..(password.IndexOf("Xv", StringComparison.Ordinal) + 2)];
        Assert.DoesNotContain(marker, text, StringComparison.Ordinal);
    }
}
