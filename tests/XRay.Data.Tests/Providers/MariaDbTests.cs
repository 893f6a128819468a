using System.Data.Common;
using Dapper;
using MySqlConnector;
using XRay.Data.Tests.Ado;
using XRay.Testing;

namespace XRay.Data.Tests.Providers;

/// <summary>
/// MariaDB through MySqlConnector, the real provider against the test server: every field of the <c>sql</c> block, a
/// failing query, a failed open, a transaction and a cancellation, through ADO.NET and Dapper, sync and async.
/// </summary>
public abstract class MariaDbTests(SyncOrAsync mode)
{
    private bool IsAsync => mode == SyncOrAsync.Async;

    [Fact]
    public async Task Every_sql_field_is_recorded_for_MySqlConnector_on_MariaDB()
    {
        await using var harness = new TracingHarness();
        string serverVersion;
        using (harness.Recorder.BeginSegment("mariadb"))
        {
            await using var connection = Connect(harness, TestMariaDb.ConnectionString);
            await mode.OpenAsync(connection);
            serverVersion = connection.ServerVersion;
            await using var command = connection.CreateCommand();
            // MySQL's lexical rules: backslash escapes, double-quoted strings, hex and bit literals, # comments.
            command.CommandText = "select 'it\\'s Zq41Xv' as s, \"Zq42Xv\" as d, 0x5A71 as h, b'101' as b, 42 as n, `name` # Zq43Xv\nfrom (select 1 as name) t";
            await mode.ExecuteScalarAsync(command);
        }

        var sub = Assert.Single(await TracedPostgres.SqlSubsegmentsAsync(harness));
        Assert.Equal(Name, sub.Name);
        Assert.Equal("remote", (string?)sub.Json["namespace"]);
        var sql = sub.Sql!;
        Assert.Equal("select ? as s, ? as d, ? as h, ? as b, ? as n, `name`\nfrom (select ? as name) t", (string?)sql["sanitized_query"]);
        Assert.Equal("MariaDB", (string?)sql["database_type"]);
        Assert.StartsWith("5.5.5-", serverVersion, StringComparison.Ordinal);
        Assert.Equal(serverVersion["5.5.5-".Length..], (string?)sql["database_version"]);
        Assert.Matches(@"^MySqlConnector 2\.6\.2", (string?)sql["driver_version"]);
        Assert.Equal(Server.UserID, (string?)sql["user"]);
        Assert.Equal("statement", (string?)sql["preparation"]);
        Assert.Null(sql["url"]);
        var connectionString = (string?)sql["connection_string"];
        Assert.Contains("Server=127.0.0.1", connectionString, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("password", connectionString, StringComparison.OrdinalIgnoreCase);
        var sent = harness.Receiver.AllText();
        Assert.DoesNotContain(Server.Password, sent, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"Zq4\dXv", sent);
    }

    [Fact]
    public async Task A_failing_query_is_a_fault_with_the_servers_codes_and_a_redacted_message()
    {
        var table = await CreateTableAsync();
        await using var harness = new TracingHarness();
        MySqlException error;
        using (harness.Recorder.BeginSegment("mariadb"))
        {
            await using var connection = Connect(harness, TestMariaDb.ConnectionString);
            await mode.OpenAsync(connection);
            await using var command = connection.CreateCommand();
            command.CommandText = $"insert into {table} (id, email) values (@id, @email)";
            AddParameter(command, "@id", 2);
            AddParameter(command, "@email", "Zq44Xv@example.com");
            error = await Assert.ThrowsAsync<MySqlException>(() => mode.ExecuteNonQueryAsync(command));
        }

        Assert.Equal(MySqlErrorCode.DuplicateKeyEntry, error.ErrorCode);
        Assert.Contains("Zq44Xv", error.Message, StringComparison.Ordinal);
        var sub = Assert.Single(await TracedPostgres.SqlSubsegmentsAsync(harness));
        Assert.True(sub.Flag("fault"));
        Assert.False(sub.Flag("error"));
        Assert.Equal($"insert into {table} (id, email) values (@id, @email)", TracedPostgres.Query(sub));
        Assert.Equal("23000", (string?)sub.Json["annotations"]?["sql_state"]);
        Assert.Equal(1062, (long?)sub.Json["annotations"]?["error_code"]);
        var exception = sub.Json["cause"]!["exceptions"]![0]!;
        Assert.Equal("MySqlConnector.MySqlException", (string?)exception["type"]);
        Assert.True((bool?)exception["remote"]);
        Assert.Equal("Duplicate entry ? for key 'email'", (string?)exception["message"]);
        Assert.DoesNotContain("Zq44Xv", harness.Receiver.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_open_is_a_fault_with_access_denied_and_no_password()
    {
        var wrongPassword = new MySqlConnectionStringBuilder(TestMariaDb.ConnectionString) { Password = "Not-the-password-Zq45Xv", Pooling = false };
        await using var harness = new TracingHarness();
        MySqlException error;
        using (harness.Recorder.BeginSegment("mariadb"))
        {
            await using var connection = Connect(harness, wrongPassword.ConnectionString);
            error = await Assert.ThrowsAsync<MySqlException>(() => mode.OpenAsync(connection));
        }

        Assert.Equal(MySqlErrorCode.AccessDenied, error.ErrorCode);
        var sub = Assert.Single(await TracedPostgres.SqlSubsegmentsAsync(harness));
        Assert.Equal(Name, sub.Name);
        Assert.True(sub.Flag("fault"));
        Assert.Equal("open", (string?)sub.Json["metadata"]?["sql"]?["operation"]);
        Assert.Equal("28000", (string?)sub.Json["annotations"]?["sql_state"]);
        Assert.Equal(1045, (long?)sub.Json["annotations"]?["error_code"]);
        Assert.Equal("MySqlConnector.MySqlException", (string?)sub.Json["cause"]!["exceptions"]![0]!["type"]);
        Assert.Matches(@"^MySqlConnector 2\.6\.2", (string?)sub.Sql!["driver_version"]);
        Assert.DoesNotContain("Zq45Xv", harness.Receiver.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_transaction_records_its_savepoints_and_commit()
    {
        var table = await CreateTableAsync();
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("mariadb"))
        {
            await using var connection = Connect(harness, TestMariaDb.ConnectionString);
            await mode.OpenAsync(connection);
            await using var transaction = await mode.BeginTransactionAsync(connection);
            Assert.IsType<MySqlTransaction>(Assert.IsType<TracedDbTransaction>(transaction).InnerTransaction);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"insert into {table} (id, email) values (10, 'kept')";
            await mode.ExecuteNonQueryAsync(command);
            await mode.SaveAsync(transaction, "before_undone");
            command.CommandText = $"insert into {table} (id, email) values (11, 'undone')";
            await mode.ExecuteNonQueryAsync(command);
            await mode.RollbackAsync(transaction, "before_undone");
            await mode.SaveAsync(transaction, "kept");
            await mode.ReleaseAsync(transaction, "kept");
            await mode.CommitAsync(transaction);
        }

        Assert.Equal(1L, await CountAsync(table));
        var subs = await TracedPostgres.SqlSubsegmentsAsync(harness);
        Assert.Equal(
            [$"insert into {table} (id, email) values (?, ?)", "SAVEPOINT", $"insert into {table} (id, email) values (?, ?)", "ROLLBACK TO SAVEPOINT", "SAVEPOINT", "RELEASE SAVEPOINT", "COMMIT"],
            subs.Select(TracedPostgres.Query));
        Assert.All(subs, s => Assert.Equal("MariaDB", (string?)s.Sql!["database_type"]));
        Assert.DoesNotContain(subs, s => s.Flag("fault"));
    }

    [Fact]
    public async Task A_command_canceled_while_it_runs_is_an_error_not_a_fault()
    {
        await using var harness = new TracingHarness();
        Exception error;
        using (harness.Recorder.BeginSegment("mariadb"))
        {
            await using var connection = Connect(harness, TestMariaDb.ConnectionString);
            await mode.OpenAsync(connection);
            await using var command = connection.CreateCommand();
            command.CommandText = "select sleep(30)";
            // MySqlConnector cancels with KILL QUERY on a second connection; the server answers error 1317. A cancel that
            // comes before the query has started does nothing, so it is repeated until the query ends.
            using var ended = new CancellationTokenSource();
            var canceller = Task.Run(async () =>
            {
                while (!ended.IsCancellationRequested)
                {
                    await Task.Delay(200);
                    command.Cancel();
                }
            });
            try
            {
                error = await Assert.ThrowsAnyAsync<Exception>(() => mode.ExecuteScalarAsync(command));
            }
            finally
            {
                await ended.CancelAsync();
                await canceller;
            }
        }

        Assert.Equal(MySqlErrorCode.QueryInterrupted, Assert.IsType<MySqlException>(error).ErrorCode);
        var sub = Assert.Single(await TracedPostgres.SqlSubsegmentsAsync(harness));
        Assert.True(sub.Flag("error"));
        Assert.False(sub.Flag("fault"));
        Assert.NotNull(sub.Json["end_time"]);
        Assert.Equal("select sleep(?)", TracedPostgres.Query(sub));
    }

    [Fact]
    public async Task Dapper_queries_and_executes_record_one_subsegment_each()
    {
        var table = await CreateTableAsync();
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("mariadb"))
        {
            await using var connection = Connect(harness, TestMariaDb.ConnectionString);
            var insert = $"insert into {table} (id, email) values (@Id, @Email)";
            var rows = new[] { new { Id = 20, Email = "Zq46Xv" }, new { Id = 21, Email = "b" } };
            Assert.Equal(2, IsAsync ? await connection.ExecuteAsync(insert, rows) : connection.Execute(insert, rows));
            var select = $"select email from {table} where id >= @min order by id";
            var emails = IsAsync ? (await connection.QueryAsync<string>(select, new { min = 20 })).ToList() : [.. connection.Query<string>(select, new { min = 20 })];
            Assert.Equal(["Zq46Xv", "b"], emails);
        }

        var subs = await TracedPostgres.SqlSubsegmentsAsync(harness);
        Assert.Equal([Insert(table), Insert(table), $"select email from {table} where id >= @min order by id"], subs.Select(TracedPostgres.Query));
        Assert.Equal(2, (long?)subs[2].Json["metadata"]?["sql"]?["rows_read"]);
        Assert.All(subs, s => Assert.Equal(Name, s.Name));
        Assert.DoesNotContain("Zq46Xv", harness.Receiver.AllText(), StringComparison.Ordinal);

        static string Insert(string table) => $"insert into {table} (id, email) values (@Id, @Email)";
    }

    /// <summary>The test server's connection string, read as MySqlConnector reads it.</summary>
    private static MySqlConnectionStringBuilder Server => new(TestMariaDb.ConnectionString);

    /// <summary><c>database@host</c> of the test server.</summary>
    private static string Name => $"{Server.Database}@{Server.Server}";

    private static TracedDbConnection Connect(TracingHarness harness, string connectionString)
        => new(new MySqlConnection(connectionString), harness.Recorder);

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>A table of this test's own with one row (1, 'Zq44Xv@example.com'), made untraced.</summary>
    private static async Task<string> CreateTableAsync()
    {
        var table = "people_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new MySqlConnection(TestMariaDb.ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(
            $"create table {table} (id int primary key, email varchar(100), unique key email (email)) engine=InnoDB; insert into {table} values (1, 'Zq44Xv@example.com')",
            connection);
        await command.ExecuteNonQueryAsync();
        return table;
    }

    private static async Task<long> CountAsync(string table)
    {
        await using var connection = new MySqlConnection(TestMariaDb.ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand($"select count(*) from {table} where id >= 10", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

public sealed class MariaDbTestsSync() : MariaDbTests(SyncOrAsync.Sync);

public sealed class MariaDbTestsAsync() : MariaDbTests(SyncOrAsync.Async);
