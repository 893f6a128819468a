using System.Data;
using Npgsql;
using XRay.Testing;

namespace XRay.Data.Tests.Ado;

/// <summary>Every scenario once through ADO.NET's synchronous methods and once through its asynchronous ones.</summary>
public abstract class TracedDbConnectionTests(SyncOrAsync mode)
{
    [Fact]
    public async Task Every_sql_field_is_recorded_for_npgsql()
    {
        await using var harness = new TracingHarness();
        string serverVersion;
        using (harness.Recorder.BeginSegment("ado"))
        {
            await using var connection = TracedPostgres.Connect(harness);
            await mode.OpenAsync(connection);
            serverVersion = connection.ServerVersion;
            await using var command = connection.CreateCommand();
            command.CommandText = "select 'bob' as name, 42 as n";
            await mode.ExecuteScalarAsync(command);
        }

        var sub = Assert.Single(await TracedPostgres.SqlSubsegmentsAsync(harness));
        Assert.Equal("postgres@127.0.0.1", sub.Name);
        Assert.Equal("remote", (string?)sub.Json["namespace"]);
        var sql = sub.Sql!;
        Assert.Equal("select ? as name, ? as n", (string?)sql["sanitized_query"]);
        Assert.Equal("PostgreSQL", (string?)sql["database_type"]);
        Assert.Equal(serverVersion, (string?)sql["database_version"]);
        Assert.Matches(@"^Npgsql 10\.\d+\.\d+", (string?)sql["driver_version"]);
        Assert.Equal("postgres", (string?)sql["user"]);
        Assert.Equal("statement", (string?)sql["preparation"]);
        Assert.Null(sql["url"]);
        var connectionString = (string?)sql["connection_string"];
        Assert.Contains("host=127.0.0.1", connectionString, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("password", connectionString, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(LocalPostgres.SuperuserPassword, harness.Receiver.AllText(), StringComparison.Ordinal);
        Assert.DoesNotContain("bob", harness.Receiver.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_execute_method_records_exactly_one_subsegment()
    {
        var table = await TracedPostgres.CreateItemsAsync();
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("ado"))
        {
            await using var connection = await TracedPostgres.OpenAsync(harness);
            await using var command = connection.CreateCommand();
            command.CommandText = $"update {table} set name = name where id <= 2";
            Assert.Equal(2, await mode.ExecuteNonQueryAsync(command));

            command.CommandText = $"select count(*) from {table}";
            Assert.Equal(5L, await mode.ExecuteScalarAsync(command));

            command.CommandText = $"select id from {table} order by id";
            var ids = new List<int>();
            await using (var reader = await mode.ExecuteReaderAsync(command))
            {
                Assert.IsType<TracedDbDataReader>(reader);
                while (await mode.ReadAsync(reader))
                    ids.Add(reader.GetInt32(0));
            }

            Assert.Equal([1, 2, 3, 4, 5], ids);
        }

        var subs = await TracedPostgres.SqlSubsegmentsAsync(harness);
        Assert.Equal(3, subs.Count);
        Assert.Equal(2, (long?)subs[0].Json["metadata"]?["sql"]?["rows_affected"]);
        Assert.Null(subs[1].Json["metadata"]?["sql"]?["rows_affected"]);
        Assert.Null(subs[1].Json["metadata"]?["sql"]?["rows_read"]);
        Assert.Equal($"SELECT {table}", (string?)subs[1].Json["metadata"]?["sql"]?["query_summary"]);
        Assert.Equal(5, (long?)subs[2].Json["metadata"]?["sql"]?["rows_read"]);
    }

    [Fact]
    public async Task Provider_error_reaches_the_caller_and_the_subsegment_is_a_fault()
    {
        await using var harness = new TracingHarness();
        PostgresException error;
        using (harness.Recorder.BeginSegment("ado"))
        {
            await using var connection = await TracedPostgres.OpenAsync(harness);
            await using var command = connection.CreateCommand();
            command.CommandText = "select * from no_such_table where secret = 'hunter2'";
            error = await Assert.ThrowsAsync<PostgresException>(() => mode.ExecuteReaderAsync(command));
        }

        // The provider's own exception with the provider's frames, not a wrapper thrown by the decorator.
        Assert.Equal("42P01", error.SqlState);
        Assert.Contains("Npgsql", error.StackTrace, StringComparison.Ordinal);
        var sub = Assert.Single(await TracedPostgres.SqlSubsegmentsAsync(harness));
        Assert.True(sub.Flag("fault"));
        Assert.False(sub.Flag("error"));
        Assert.Equal("42P01", (string?)sub.Json["annotations"]?["sql_state"]);
        var exception = sub.Json["cause"]!["exceptions"]![0]!;
        Assert.Equal("Npgsql.PostgresException", (string?)exception["type"]);
        Assert.True((bool?)exception["remote"]);
        Assert.Equal("select * from no_such_table where secret = ?", TracedPostgres.Query(sub));
        Assert.DoesNotContain("hunter2", harness.Receiver.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_exception_object_reaches_the_caller()
    {
        await using var harness = new TracingHarness();
        var failure = new Fakes.FakeDbException("boom", "XX000", 50000);
        using (harness.Recorder.BeginSegment("ado"))
        {
            await using var connection = new TracedDbConnection(new Fakes.FakeDbConnection("Host=h") { Failure = failure }, harness.Recorder);
            await using var command = connection.CreateCommand();
            Assert.Same(failure, await Assert.ThrowsAsync<Fakes.FakeDbException>(() => mode.ExecuteNonQueryAsync(command)));
            Assert.Same(failure, await Assert.ThrowsAsync<Fakes.FakeDbException>(() => mode.ExecuteScalarAsync(command)));
            Assert.Same(failure, await Assert.ThrowsAsync<Fakes.FakeDbException>(() => mode.ExecuteReaderAsync(command)));
        }

        var subs = await TracedPostgres.SqlSubsegmentsAsync(harness);
        Assert.Equal(3, subs.Count);
        Assert.All(subs, s => Assert.Equal(50000, (long?)s.Json["annotations"]?["error_code"]));
    }

    [Fact]
    public async Task A_command_canceled_while_it_runs_is_an_error_not_a_fault()
    {
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("ado"))
        {
            await using var connection = await TracedPostgres.OpenAsync(harness);
            await using var command = connection.CreateCommand();
            command.CommandText = "select pg_sleep(30)";
            var canceller = Task.Run(async () =>
            {
                await Task.Delay(300);
                command.Cancel();
            });
            var error = await Assert.ThrowsAnyAsync<Exception>(() => mode.ExecuteNonQueryAsync(command));
            await canceller;
            Assert.True(SqlRecorder.IsCancellation(error), error.ToString());
        }

        var sub = Assert.Single(await TracedPostgres.SqlSubsegmentsAsync(harness));
        Assert.True(sub.Flag("error"));
        Assert.False(sub.Flag("fault"));
        Assert.NotNull(sub.Json["end_time"]);
        Assert.NotNull(sub.Sql);
    }

    [Fact]
    public async Task Close_connection_reader_ends_its_subsegment_and_closes_the_connection()
    {
        var table = await TracedPostgres.CreateItemsAsync();
        await using var harness = new TracingHarness();
        await using var connection = await TracedPostgres.OpenAsync(harness);
        using (harness.Recorder.BeginSegment("ado"))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"select id from {table}";
            var reader = await mode.ExecuteReaderAsync(command, CommandBehavior.CloseConnection);
            var count = 0;
            while (await mode.ReadAsync(reader))
                count++;
            Assert.Equal(5, count);
            await mode.CloseAsync(reader);
            await mode.DisposeAsync(reader);
        }

        Assert.Equal(ConnectionState.Closed, connection.State);
        Assert.Equal(ConnectionState.Closed, connection.InnerConnection.State);
        var sub = Assert.Single(await TracedPostgres.SqlSubsegmentsAsync(harness));
        Assert.Equal(5, (long?)sub.Json["metadata"]?["sql"]?["rows_read"]);
    }

    [Fact]
    public async Task A_reader_that_fails_on_a_later_row_ends_its_subsegment_as_a_fault()
    {
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("ado"))
        {
            await using var connection = await TracedPostgres.OpenAsync(harness);
            await using var command = connection.CreateCommand();
            command.CommandText = "select 10 / (3 - i) from generate_series(1, 5) i";
            await using var reader = await mode.ExecuteReaderAsync(command);
            var error = await Assert.ThrowsAsync<PostgresException>(async () =>
            {
                while (await mode.ReadAsync(reader))
                {
                }
            });
            Assert.Equal("22012", error.SqlState);
        }

        var sub = Assert.Single(await TracedPostgres.SqlSubsegmentsAsync(harness));
        Assert.True(sub.Flag("fault"));
        Assert.Equal("22012", (string?)sub.Json["annotations"]?["sql_state"]);
    }

    [Fact]
    public async Task Transaction_unwraps_to_the_provider_transaction_and_records_its_savepoints()
    {
        var table = await TracedPostgres.CreateItemsAsync(rows: 0);
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("ado"))
        {
            await using var connection = await TracedPostgres.OpenAsync(harness);
            await using var transaction = await mode.BeginTransactionAsync(connection);
            var traced = Assert.IsType<TracedDbTransaction>(transaction);
            Assert.Same(connection, traced.Connection);

            // Provider-only code: a provider command enlisted in the provider's transaction.
            var npgsqlTransaction = Assert.IsType<NpgsqlTransaction>(traced.InnerTransaction);
            await using (var providerCommand = new NpgsqlCommand($"insert into {table} values (1, 'provider')", (NpgsqlConnection)connection.InnerConnection, npgsqlTransaction))
                await providerCommand.ExecuteNonQueryAsync();

            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            Assert.Same(transaction, command.Transaction);
            Assert.Same(npgsqlTransaction, command.InnerCommand.Transaction);
            command.CommandText = $"insert into {table} values (2, 'traced')";
            await mode.ExecuteNonQueryAsync(command);

            await mode.SaveAsync(transaction, "before_three");
            command.CommandText = $"insert into {table} values (3, 'undone')";
            await mode.ExecuteNonQueryAsync(command);
            await mode.RollbackAsync(transaction, "before_three");
            await mode.SaveAsync(transaction, "kept");
            await mode.ReleaseAsync(transaction, "kept");
            await mode.CommitAsync(transaction);
        }

        await using (var check = new NpgsqlConnection(TestPostgres.ConnectionString))
        {
            await check.OpenAsync();
            await using var count = new NpgsqlCommand($"select count(*) from {table}", check);
            Assert.Equal(2L, await count.ExecuteScalarAsync());
        }

        var queries = (await TracedPostgres.SqlSubsegmentsAsync(harness)).Select(TracedPostgres.Query).ToList();
        Assert.Equal([$"insert into {table} values (?, ?)", "SAVEPOINT", $"insert into {table} values (?, ?)", "ROLLBACK TO SAVEPOINT", "SAVEPOINT", "RELEASE SAVEPOINT", "COMMIT"], queries);
    }

    [Fact]
    public async Task Rollback_is_recorded_and_transactions_are_not_when_turned_off()
    {
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("ado"))
        {
            await using (var connection = await TracedPostgres.OpenAsync(harness))
            {
                await using var transaction = await mode.BeginTransactionAsync(connection);
                await mode.RollbackAsync(transaction);
            }

            await using (var connection = await TracedPostgres.OpenAsync(harness, new TracedDbOptions { TraceTransactions = false }))
            {
                await using var transaction = await mode.BeginTransactionAsync(connection);
                await using var command = connection.CreateCommand();
                command.CommandText = "select 1";
                await mode.ExecuteScalarAsync(command);
                await mode.CommitAsync(transaction);
            }
        }

        Assert.Equal(["ROLLBACK", "select ?"], (await TracedPostgres.SqlSubsegmentsAsync(harness)).Select(TracedPostgres.Query));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_successful_open_is_recorded_only_when_asked(bool traceOpen)
    {
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("ado"))
        {
            await using var connection = TracedPostgres.Connect(harness, new TracedDbOptions { TraceConnectionOpen = traceOpen });
            await mode.OpenAsync(connection);
            await connection.CloseAsync();
            await mode.OpenAsync(connection);
        }

        var subs = await TracedPostgres.SqlSubsegmentsAsync(harness);
        Assert.Equal(traceOpen ? 2 : 0, subs.Count);
        Assert.All(subs, s => Assert.Equal("open", (string?)s.Json["metadata"]?["sql"]?["operation"]));
        Assert.All(subs, s => Assert.NotNull(s.Sql!["database_version"]));
    }

    [Fact]
    public async Task A_failed_open_is_recorded_as_a_fault_and_the_provider_exception_reaches_the_caller()
    {
        var wrongPassword = new NpgsqlConnectionStringBuilder(TestPostgres.ConnectionString) { Password = "Not-the-password-71c3", Pooling = false };
        await using var harness = new TracingHarness();
        PostgresException error;
        using (harness.Recorder.BeginSegment("ado"))
        {
            await using var connection = TracedPostgres.Connect(harness, connectionString: wrongPassword.ConnectionString);
            error = await Assert.ThrowsAsync<PostgresException>(() => mode.OpenAsync(connection));
        }

        Assert.Equal("28P01", error.SqlState);
        var sub = Assert.Single(await TracedPostgres.SqlSubsegmentsAsync(harness));
        Assert.Equal("postgres@127.0.0.1", sub.Name);
        Assert.True(sub.Flag("fault"));
        Assert.Equal("open", (string?)sub.Json["metadata"]?["sql"]?["operation"]);
        Assert.Equal("28P01", (string?)sub.Json["annotations"]?["sql_state"]);
        Assert.DoesNotContain("Not-the-password-71c3", harness.Receiver.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batch_runs_as_one_subsegment_with_every_statement()
    {
        var table = await TracedPostgres.CreateItemsAsync(rows: 0);
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("ado"))
        {
            await using var connection = await TracedPostgres.OpenAsync(harness);
            Assert.True(connection.CanCreateBatch);
            await using var batch = connection.CreateBatch();
            Assert.Same(connection, batch.Connection);
            AddCommand(batch, "select 'a'");
            AddCommand(batch, "select 2");
            await using (var reader = await mode.ExecuteReaderAsync(batch))
            {
                Assert.True(await mode.ReadAsync(reader));
                Assert.Equal("a", reader.GetString(0));
                Assert.True(await mode.NextResultAsync(reader));
                Assert.True(await mode.ReadAsync(reader));
                Assert.Equal(2, reader.GetInt32(0));
            }

            batch.BatchCommands.Clear();
            AddCommand(batch, $"insert into {table} values (1, 'one')");
            AddCommand(batch, $"insert into {table} values (2, 'two')");
            Assert.Equal(2, await mode.ExecuteNonQueryAsync(batch));

            batch.BatchCommands.Clear();
            AddCommand(batch, $"select count(*) from {table}");
            Assert.Equal(2L, await mode.ExecuteScalarAsync(batch));
        }

        var subs = await TracedPostgres.SqlSubsegmentsAsync(harness);
        Assert.Equal(["select ?;\nselect ?", $"insert into {table} values (?, ?);\ninsert into {table} values (?, ?)", $"select count(*) from {table}"], subs.Select(TracedPostgres.Query));
        Assert.Equal(2, (long?)subs[0].Json["metadata"]?["sql"]?["rows_read"]);
        Assert.Equal(2, (long?)subs[1].Json["metadata"]?["sql"]?["rows_affected"]);

        static void AddCommand(System.Data.Common.DbBatch batch, string text)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = text;
            batch.BatchCommands.Add(command);
        }
    }

    [Fact]
    public async Task Log_error_strategy_runs_the_command_untraced()
    {
        var logger = new ListLogger();
        await using var harness = new TracingHarness(o => o.Logger = logger);
        await using var connection = await TracedPostgres.OpenAsync(harness);
        await using var command = connection.CreateCommand();
        command.CommandText = "select 42";
        Assert.Equal(42, await mode.ExecuteScalarAsync(command));
        Assert.Equal(42, await mode.ExecuteScalarAsync(command));

        Assert.Equal(2, harness.Recorder.ContextMissingCount);
        Assert.Contains("postgres@127.0.0.1", Assert.Single(logger.Lines), StringComparison.Ordinal);
        await harness.AssertNothingSentAsync();
    }

    [Fact]
    public async Task Runtime_error_strategy_throws_before_the_command_runs()
    {
        await using var harness = new TracingHarness(o => o.ContextMissing = ContextMissingStrategy.RuntimeError);
        var fake = new Fakes.FakeDbConnection("Host=h;Database=d");
        await using var connection = new TracedDbConnection(fake, harness.Recorder);
        await mode.OpenAsync(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = "delete from orders";

        await Assert.ThrowsAsync<ContextMissingException>(() => mode.ExecuteNonQueryAsync(command));
        await Assert.ThrowsAsync<ContextMissingException>(() => mode.ExecuteScalarAsync(command));
        await Assert.ThrowsAsync<ContextMissingException>(() => mode.ExecuteReaderAsync(command));
        Assert.Equal(0, fake.Executions);
    }

    [Fact]
    public async Task Ignore_error_strategy_runs_the_command_silently()
    {
        var logger = new ListLogger();
        await using var harness = new TracingHarness(o =>
        {
            o.ContextMissing = ContextMissingStrategy.IgnoreError;
            o.Logger = logger;
        });
        await using var connection = await TracedPostgres.OpenAsync(harness);
        await using var command = connection.CreateCommand();
        command.CommandText = "select 42";
        Assert.Equal(42, await mode.ExecuteScalarAsync(command));

        Assert.Empty(logger.Lines);
        Assert.Equal(0, harness.Recorder.ContextMissingCount);
        await harness.AssertNothingSentAsync();
    }

    [Fact]
    public async Task Unsampled_trace_runs_commands_and_sends_nothing()
    {
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("ado", new TraceHeader(TraceId.NewId(), null, SamplingDecision.NotSampled)))
        {
            await using var connection = await TracedPostgres.OpenAsync(harness);
            await using var command = connection.CreateCommand();
            command.CommandText = "select 42";
            Assert.Equal(42, await mode.ExecuteScalarAsync(command));
            await using var reader = await mode.ExecuteReaderAsync(command);
            Assert.True(await mode.ReadAsync(reader));
        }

        await harness.AssertNothingSentAsync();
    }

    [Fact]
    public async Task A_data_source_traces_its_connections_and_its_own_commands()
    {
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("ado"))
        {
            await using var dataSource = new TracedDbDataSource(NpgsqlDataSource.Create(TestPostgres.ConnectionString), harness.Recorder);
            await using (var connection = mode == SyncOrAsync.Async ? await dataSource.OpenConnectionAsync() : dataSource.OpenConnection())
            {
                var traced = Assert.IsType<TracedDbConnection>(connection);
                Assert.Same(dataSource.SqlRecorder, traced.SqlRecorder);
                await using var command = connection.CreateCommand();
                command.CommandText = "select 1";
                await mode.ExecuteScalarAsync(command);
            }

            await using var direct = dataSource.CreateCommand("select 'x'");
            Assert.IsType<TracedDbCommand>(direct);
            Assert.Equal("x", await mode.ExecuteScalarAsync(direct));
        }

        var subs = await TracedPostgres.SqlSubsegmentsAsync(harness);
        Assert.Equal(["select ?", "select ?"], subs.Select(TracedPostgres.Query));
        Assert.All(subs, sub => Assert.Equal("postgres@127.0.0.1", sub.Name));
    }
}

public sealed class TracedDbConnectionTestsSync() : TracedDbConnectionTests(SyncOrAsync.Sync);

public sealed class TracedDbConnectionTestsAsync() : TracedDbConnectionTests(SyncOrAsync.Async);
