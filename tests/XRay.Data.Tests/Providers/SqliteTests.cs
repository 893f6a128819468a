using Dapper;
using Microsoft.Data.Sqlite;
using XRay.Data.Tests.Ado;
using XRay.Testing;

namespace XRay.Data.Tests.Providers;

/// <summary>
/// SQLite in-process through Microsoft.Data.Sqlite: every field of the <c>sql</c> block, its naming, its dialect, a
/// failing statement with SQLite's result code, a failed open, a transaction, and Dapper, sync and async.
/// </summary>
public abstract class SqliteTests(SyncOrAsync mode) : IDisposable
{
    // A folder whose name must never reach a datagram: it stands for a home directory.
    private readonly string folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "xray-Zq50Xv-" + Guid.NewGuid().ToString("N"))).FullName;

    private bool IsAsync => mode == SyncOrAsync.Async;

    private string File => Path.Combine(folder, "shop.db");

    [Fact]
    public async Task Every_sql_field_is_recorded_for_a_sqlite_file()
    {
        await using var harness = new TracingHarness();
        string serverVersion;
        using (harness.Recorder.BeginSegment("sqlite"))
        {
            await using var connection = Connect(harness, $"Data Source={File};Pooling=False");
            await mode.OpenAsync(connection);
            serverVersion = connection.ServerVersion;
            await using var command = connection.CreateCommand();
            // SQLite's lexical rules: double quotes, brackets and backticks name things; blobs are x'…'.
            command.CommandText = "select 'Zq51Xv' as \"label\", [n], `m`, x'5A71', 1e3, 42 from (select 1 as n, 2 as m)";
            await mode.ExecuteScalarAsync(command);
        }

        var sub = Assert.Single(await TracedPostgres.SqlSubsegmentsAsync(harness));
        Assert.Matches("^main@shop.db#[0-9a-f]{8}$", sub.Name);
        var sql = sub.Sql!;
        Assert.Equal("select ? as \"label\", [n], `m`, ?, ?, ? from (select ? as n, ? as m)", (string?)sql["sanitized_query"]);
        Assert.Equal("SQLite", (string?)sql["database_type"]);
        Assert.Equal(serverVersion, (string?)sql["database_version"]);
        Assert.Matches(@"^3\.\d+\.\d+", (string?)sql["database_version"]);
        Assert.Matches(@"^Microsoft\.Data\.Sqlite 11\.0\.\d+", (string?)sql["driver_version"]);
        Assert.Null(sql["user"]);
        Assert.Equal("statement", (string?)sql["preparation"]);
        Assert.Equal("Data Source=shop.db;Pooling=False", (string?)sql["connection_string"]);
        Assert.DoesNotMatch(@"Zq5\dXv", harness.Receiver.AllText());
    }

    [Fact]
    public async Task Memory_databases_and_distinct_files_are_named_apart()
    {
        Directory.CreateDirectory(Path.Combine(folder, "a"));
        Directory.CreateDirectory(Path.Combine(folder, "b"));
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("sqlite"))
        {
            foreach (var dataSource in new[] { ":memory:", "file:sessions?mode=memory&cache=shared", Path.Combine(folder, "a", "orders.db"), Path.Combine(folder, "b", "orders.db") })
            {
                await using var connection = Connect(harness, $"Data Source={dataSource};Pooling=False");
                await mode.OpenAsync(connection);
                await using var command = connection.CreateCommand();
                command.CommandText = "select 1";
                await mode.ExecuteScalarAsync(command);
            }
        }

        var names = (await TracedPostgres.SqlSubsegmentsAsync(harness)).Select(s => s.Name).ToList();
        Assert.Equal("main@:memory:", names[0]);
        Assert.Equal("main@:memory:sessions", names[1]);
        Assert.Matches("^main@orders.db#[0-9a-f]{8}$", names[2]);
        Assert.Matches("^main@orders.db#[0-9a-f]{8}$", names[3]);
        Assert.NotEqual(names[2], names[3]);
        Assert.DoesNotContain("Zq50Xv", harness.Receiver.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_statement_is_a_fault_with_sqlites_result_code_and_a_redacted_message()
    {
        await using var harness = new TracingHarness();
        SqliteException error;
        using (harness.Recorder.BeginSegment("sqlite"))
        {
            await using var connection = Connect(harness, $"Data Source={File};Pooling=False");
            await mode.OpenAsync(connection);
            await using var command = connection.CreateCommand();
            command.CommandText = "create table people (id integer primary key, email text unique, n int check (n > 0)); insert into people values (1, 'Zq52Xv', 1)";
            await mode.ExecuteNonQueryAsync(command);
            command.CommandText = "insert into people values (2, 'Zq52Xv', 'Zq53Xv')";
            error = await Assert.ThrowsAsync<SqliteException>(() => mode.ExecuteNonQueryAsync(command));
        }

        Assert.Equal(19, error.SqliteErrorCode);
        var sub = (await TracedPostgres.SqlSubsegmentsAsync(harness))[^1];
        Assert.True(sub.Flag("fault"));
        Assert.Equal("insert into people values (?, ?, ?)", TracedPostgres.Query(sub));
        Assert.Equal(19, (long?)sub.Json["annotations"]?["error_code"]);
        Assert.Null(sub.Json["annotations"]?["sql_state"]);
        var exception = sub.Json["cause"]!["exceptions"]![0]!;
        Assert.Equal("Microsoft.Data.Sqlite.SqliteException", (string?)exception["type"]);
        Assert.Equal(error.Message, (string?)exception["message"]);
        Assert.Equal("SQLite Error 19: 'UNIQUE constraint failed: people.email'.", error.Message);
        Assert.DoesNotMatch(@"Zq5\dXv", harness.Receiver.AllText());
    }

    [Fact]
    public async Task A_failed_open_is_a_fault_with_sqlites_result_code()
    {
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("sqlite"))
        {
            await using var connection = Connect(harness, $"Data Source={Path.Combine(folder, "missing", "shop.db")};Mode=ReadOnly;Pooling=False");
            var error = await Assert.ThrowsAsync<SqliteException>(() => mode.OpenAsync(connection));
            Assert.Equal(14, error.SqliteErrorCode);
        }

        var sub = Assert.Single(await TracedPostgres.SqlSubsegmentsAsync(harness));
        Assert.Matches("^main@shop.db#[0-9a-f]{8}$", sub.Name);
        Assert.True(sub.Flag("fault"));
        Assert.Equal("open", (string?)sub.Json["metadata"]?["sql"]?["operation"]);
        Assert.Equal(14, (long?)sub.Json["annotations"]?["error_code"]);
        Assert.DoesNotContain("Zq50Xv", harness.Receiver.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_transaction_records_its_savepoints_commit_and_rollback()
    {
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("sqlite"))
        {
            await using var connection = Connect(harness, $"Data Source={File};Pooling=False");
            await mode.OpenAsync(connection);
            await using var command = connection.CreateCommand();
            command.CommandText = "create table t (id int)";
            await mode.ExecuteNonQueryAsync(command);
            await using (var transaction = await mode.BeginTransactionAsync(connection))
            {
                command.Transaction = transaction;
                command.CommandText = "insert into t values (1)";
                await mode.ExecuteNonQueryAsync(command);
                await mode.SaveAsync(transaction, "s");
                await mode.RollbackAsync(transaction, "s");
                await mode.ReleaseAsync(transaction, "s");
                await mode.CommitAsync(transaction);
            }

            await using (var transaction = await mode.BeginTransactionAsync(connection))
                await mode.RollbackAsync(transaction);
        }

        Assert.Equal(
            ["create table t (id int)", "insert into t values (?)", "SAVEPOINT", "ROLLBACK TO SAVEPOINT", "RELEASE SAVEPOINT", "COMMIT", "ROLLBACK"],
            (await TracedPostgres.SqlSubsegmentsAsync(harness)).Select(TracedPostgres.Query));
    }

    [Fact]
    public async Task Dapper_on_sqlite_records_one_subsegment_per_command()
    {
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("sqlite"))
        {
            await using var connection = Connect(harness, $"Data Source={File};Pooling=False");
            if (IsAsync)
                await connection.ExecuteAsync("create table notes (id integer primary key, body text)");
            else
                connection.Execute("create table notes (id integer primary key, body text)");
            var rows = new[] { new { Body = "Zq54Xv" }, new { Body = "b" } };
            Assert.Equal(2, IsAsync ? await connection.ExecuteAsync("insert into notes (body) values (@Body)", rows) : connection.Execute("insert into notes (body) values (@Body)", rows));
            var bodies = IsAsync
                ? (await connection.QueryAsync<string>("select body from notes where id >= @min order by id", new { min = 1 })).ToList()
                : [.. connection.Query<string>("select body from notes where id >= @min order by id", new { min = 1 })];
            Assert.Equal(["Zq54Xv", "b"], bodies);
        }

        var subs = await TracedPostgres.SqlSubsegmentsAsync(harness);
        Assert.Equal(4, subs.Count);
        Assert.Equal("select body from notes where id >= @min order by id", TracedPostgres.Query(subs[3]));
        Assert.Equal(2, (long?)subs[3].Json["metadata"]?["sql"]?["rows_read"]);
        Assert.DoesNotContain("Zq54Xv", harness.Receiver.AllText(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
        GC.SuppressFinalize(this);
    }

    private static TracedDbConnection Connect(TracingHarness harness, string connectionString)
        => new(new SqliteConnection(connectionString), harness.Recorder);
}

public sealed class SqliteTestsSync() : SqliteTests(SyncOrAsync.Sync);

public sealed class SqliteTestsAsync() : SqliteTests(SyncOrAsync.Async);
