using System.Data.Common;
using System.Data.Odbc;
using System.Globalization;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using MySqlConnector;
using Npgsql;
using XRay.Data.Tests.Sql.Stubs;
using XRay.Testing;

namespace XRay.Data.Tests.Ado;

public sealed class SecretScrubbingTests
{
    private const int DescribedCases = 2000;
    private const int SentCases = 300;

    private static readonly string[] HardPasswords =
        ["{0};semi", "{0}=equals==", "{0}'single", "{0}\"double", "{{{0}}}", "{0} with spaces ", "{0}ünïcødé✓", "{0};Password=x;'\"{{}}", "{0}@h:1/x"];

    // Each provider's own secret keys, set through its own builder, with passwords that need quoting every way.
    private static readonly (string Provider, string[] Keys)[] ProviderKeys =
    [
        ("sqlclient", ["Password", "Pwd"]),
        ("mysql", ["Password", "Pwd", "CertificatePassword", "SslKey"]),
        ("sqlite", ["Password"]),
        ("odbc", ["PWD", "Password", "Client Secret", "Access Token"]),
    ];

    [Fact]
    public async Task Password_never_reaches_the_datagram()
    {
        var cases = new List<(string Provider, string Key, string Password, string Database)>();
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("secrets"))
        {
            foreach (var (provider, keys) in ProviderKeys)
            {
                foreach (var key in keys)
                {
                    foreach (var hard in HardPasswords)
                    {
                        var n = cases.Count;
                        var password = string.Format(CultureInfo.InvariantCulture, hard, $"Zq{n}Xv");
                        var database = $"shop{n}";
                        cases.Add((provider, key, password, database));
                        await RunOnClosedConnection(harness, Connect(provider, key, password, database));
                    }
                }
            }
        }

        var subs = await TracedPostgres.SqlSubsegmentsAsync(harness);
        Assert.Equal(cases.Count, subs.Count);
        foreach (var (provider, key, password, database) in cases)
        {
            var sub = Assert.Single(subs, s => provider == "sqlite" ? s.Name.StartsWith($"main@{database}.db#", StringComparison.Ordinal) : s.Name == $"{database}@db.example.com");
            Assert.Equal(provider == "sqlite" ? null : "app", (string?)sub.Sql!["user"]);
            Assert.Contains(provider == "sqlite" ? $"{database}.db" : database, (string?)sub.Sql["connection_string"], StringComparison.Ordinal);
            Assert.False(sub.Sql.ToJsonString().Contains(Marker(password), StringComparison.Ordinal), $"{provider} {key}");
        }

        Assert.DoesNotMatch(@"Zq\d+Xv", harness.Receiver.AllText());
    }

    [Fact]
    public void Generated_secrets_never_reach_the_description_of_any_provider()
    {
        var leaks = new List<string>();
        var described = new Dictionary<string, int> { ["stub"] = 0, ["MySqlConnector"] = 0, ["ODBC"] = 0 };
        var named = 0;
        foreach (var secret in SecretCorpus.Generate(SecretCorpus.Seed, DescribedCases))
        {
            foreach (var (provider, connection) in Connections(secret.ConnectionString))
            {
                described[provider]++;
                var info = ConnectionInfo.For(connection);
                foreach (var (field, value) in new[] { ("name", info.SubsegmentName), ("user", info.User), ("url", info.Url), ("connection_string", info.ConnectionString) })
                {
                    if (value?.Contains(secret.Marker, StringComparison.Ordinal) == true)
                        leaks.Add($"{provider} {field} '{value}' from {secret}");
                }

                if (provider == "stub" && info.SubsegmentName.StartsWith($"db{secret.Number}@", StringComparison.Ordinal))
                    named++;
            }
        }

        Assert.True(leaks.Count == 0, $"{leaks.Count} leak(s), seed {SecretCorpus.Seed}:\n" + string.Join("\n", leaks.Take(25)));

        // Every case reached each provider that accepts its grammar; most are still named after their database.
        Assert.Equal(DescribedCases, described["stub"]);
        Assert.InRange(described["MySqlConnector"], DescribedCases / 10, DescribedCases);
        Assert.InRange(described["ODBC"], DescribedCases / 2, DescribedCases);
        Assert.InRange(named, DescribedCases / 3, DescribedCases);
    }

    [Fact]
    public async Task Generated_secrets_never_reach_the_datagram()
    {
        var corpus = SecretCorpus.Generate(SecretCorpus.Seed + 1, SentCases, first: DescribedCases);
        await using var harness = new TracingHarness();
        var commands = 0;
        using (harness.Recorder.BeginSegment("secrets"))
        {
            foreach (var secret in corpus)
            {
                foreach (var (_, inner) in Connections(secret.ConnectionString))
                {
                    await RunOnClosedConnection(harness, inner);
                    commands++;
                }
            }
        }

        var subs = await TracedPostgres.SqlSubsegmentsAsync(harness);
        Assert.Equal(commands, subs.Count);
        var text = harness.Receiver.AllText();
        var leaked = corpus.Where(c => text.Contains(c.Marker, StringComparison.Ordinal)).ToList();
        Assert.True(leaked.Count == 0, $"{leaked.Count} leak(s) in datagrams, seed {SecretCorpus.Seed + 1}:\n" + string.Join("\n", leaked.Take(25)));
        Assert.All(subs, s => Assert.DoesNotMatch(@"Zq\d+Xv", s.Name + "|" + (string?)s.Sql!["user"]));
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
            await using var connection = new TracedDbConnection(new StubDbConnection(url), harness.Recorder);
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

    private static DbConnection Connect(string provider, string key, string password, string database)
    {
        DbConnectionStringBuilder builder = provider == "odbc" ? new OdbcConnectionStringBuilder { Driver = "PostgreSQL Unicode" } : new DbConnectionStringBuilder();
        if (provider == "sqlite")
        {
            builder["Data Source"] = $"/srv/{database}.db";
        }
        else
        {
            builder["Server"] = "db.example.com";
            builder["Database"] = database;
            builder["User ID"] = "app";
        }

        builder[key] = password;
        DbConnection connection = provider switch
        {
            "sqlclient" => new SqlConnection(builder.ConnectionString),
            "mysql" => new MySqlConnection(builder.ConnectionString),
            "sqlite" => new SqliteConnection(builder.ConnectionString),
            _ => new OdbcConnection(builder.ConnectionString),
        };
        Assert.Contains(Marker(password), connection.ConnectionString, StringComparison.Ordinal);
        return connection;
    }

    // The real providers refuse a closed connection at once; the failed command is recorded in full all the same.
    private static async Task RunOnClosedConnection(TracingHarness harness, DbConnection inner)
    {
        await using var connection = new TracedDbConnection(inner, harness.Recorder);
        await using var command = connection.CreateCommand();
        command.CommandText = "select 1";
        try
        {
            await command.ExecuteScalarAsync();
        }
        catch (InvalidOperationException) when (inner is not StubDbConnection)
        {
        }
    }

    // The providers a generated connection string is described for: the stub always; MySqlConnector (ADO.NET's
    // grammar) and ODBC (braces) when their own parsers accept it.
    private static IEnumerable<(string Provider, DbConnection Connection)> Connections(string connectionString)
    {
        yield return ("stub", new StubDbConnection(connectionString));
        // MySqlConnector reads its options when first asked for one; an option it does not know throws then.
        if (TryCreate(() => new MySqlConnection(connectionString) is var mysql && mysql.ConnectionTimeout >= 0 ? mysql : null) is { } mysql)
            yield return ("MySqlConnector", mysql);
        if (TryCreate(() => new OdbcConnection(connectionString)) is { } odbc)
            yield return ("ODBC", odbc);
    }

    private static DbConnection? TryCreate(Func<DbConnection?> create)
    {
        try
        {
            return create();
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static void AssertNeverSent(TracingHarness harness, string password)
    {
        var text = harness.Receiver.AllText();
        Assert.DoesNotContain(password, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Marker(password), text, StringComparison.Ordinal);
    }

    private static string Marker(string password)
        => password[password.IndexOf("Zq", StringComparison.Ordinal)..(password.IndexOf("Xv", StringComparison.Ordinal) + 2)];
}
