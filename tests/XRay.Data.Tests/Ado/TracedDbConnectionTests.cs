using System.Data;
using System.Data.Common;
using Npgsql;
using XRay.Testing;

namespace XRay.Data.Tests.Ado;

public sealed class TracedDbConnectionTests
{
    [Fact]
    public async Task Every_sql_field_is_recorded_for_npgsql()
    {
        await using var harness = new TracingHarness();
        string serverVersion;
        using (harness.Recorder.BeginSegment("ado"))
        {
            await using var connection = await TracedPostgres.OpenAsync(harness);
            serverVersion = connection.ServerVersion;
            await using var command = connection.CreateCommand();
            command.CommandText = "select 'bob' as name, 42 as n";
            await command.ExecuteScalarAsync();
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

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Each_execute_method_records_exactly_one_subsegment(bool async)
    {
        var table = await TracedPostgres.CreateItemsAsync();
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("ado"))
        {
            await using var connection = await TracedPostgres.OpenAsync(harness);
            await using var command = connection.CreateCommand();
            command.CommandText = $"update {table} set name = name where id <= 2";
            Assert.Equal(2, async ? await command.ExecuteNonQueryAsync() : command.ExecuteNonQuery());

            command.CommandText = $"select count(*) from {table}";
            Assert.Equal(5L, async ? await command.ExecuteScalarAsync() : command.ExecuteScalar());

            command.CommandText = $"select id from {table} order by id";
            var ids = new List<int>();
            await using (var reader = async ? await command.ExecuteReaderAsync() : command.ExecuteReader())
            {
                Assert.IsType<TracedDbDataReader>(reader);
                while (async ? await reader.ReadAsync() : reader.Read())
                    ids.Add(reader.GetInt32(0));
            }

            Assert.Equal([1, 2, 3, 4, 5], ids);
        }

        var subs = await TracedPostgres.SqlSubsegmentsAsync(harness);
        Assert.Equal(3, subs.Count);
        Assert.Equal(2, (long?)subs[0].Json["metadata"]?["sql"]?["rows_affected"]);
        Assert.Null(subs[1].Json["metadata"]);
        Assert.Equal(5, (long?)subs[2].Json["metadata"]?["sql"]?["rows_read"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Provider_error_reaches_the_caller_and_the_subsegment_is_a_fault(bool async)
    {
        await using var harness = new TracingHarness();
        PostgresException error;
        using (harness.Recorder.BeginSegment("ado"))
        {
            await using var connection = await TracedPostgres.OpenAsync(harness);
            await using var command = connection.CreateCommand();
            command.CommandText = "select * from no_such_table where secret = 'hunter2'";
            error = async
                ? await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteReaderAsync())
                : Assert.Throws<PostgresException>(() => command.ExecuteReader());
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
            Assert.Same(failure, Assert.Throws<Fakes.FakeDbException>(() => command.ExecuteNonQuery()));
            Assert.Same(failure, await Assert.ThrowsAsync<Fakes.FakeDbException>(() => command.ExecuteScalarAsync()));
        }

        var subs = await TracedPostgres.SqlSubsegmentsAsync(harness);
        Assert.Equal(2, subs.Count);
        Assert.All(subs, s => Assert.Equal(50000, (long?)s.Json["annotations"]?["error_code"]));
    }

    [Fact]
    public async Task Cancelled_token_closes_the_subsegment_as_an_error()
    {
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("ado"))
        {
            await using var connection = await TracedPostgres.OpenAsync(harness);
            await using var command = connection.CreateCommand();
            command.CommandText = "select pg_sleep(30)";
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => command.ExecuteNonQueryAsync(cancel.Token));
        }

        var sub = Assert.Single(await TracedPostgres.SqlSubsegmentsAsync(harness));
        Assert.True(sub.Flag("error"));
        Assert.False(sub.Flag("fault"));
        Assert.NotNull(sub.Json["end_time"]);
        Assert.NotNull(sub.Sql);
    }

    [Fact]
    public async Task Command_cancel_from_another_thread_is_an_error_not_a_fault()
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
            var error = Assert.ThrowsAny<Exception>(() => command.ExecuteNonQuery());
            await canceller;
            Assert.True(SqlRecorder.IsCancellation(error), error.ToString());
        }

        var sub = Assert.Single(await TracedPostgres.SqlSubsegmentsAsync(harness));
        Assert.True(sub.Flag("error"));
        Assert.False(sub.Flag("fault"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Close_connection_reader_ends_its_subsegment_and_closes_the_connection(bool async)
    {
        var table = await TracedPostgres.CreateItemsAsync();
        await using var harness = new TracingHarness();
        await using var connection = await TracedPostgres.OpenAsync(harness);
        using (harness.Recorder.BeginSegment("ado"))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"select id from {table}";
            var reader = async
                ? await command.ExecuteReaderAsync(CommandBehavior.CloseConnection)
                : command.ExecuteReader(CommandBehavior.CloseConnection);
            var count = 0;
            while (async ? await reader.ReadAsync() : reader.Read())
                count++;
            Assert.Equal(5, count);
            if (async)
                await reader.CloseAsync();
            else
                reader.Close();
            reader.Dispose();
        }

        Assert.Equal(ConnectionState.Closed, connection.State);
        Assert.Equal(ConnectionState.Closed, connection.InnerConnection.State);
        var sub = Assert.Single(await TracedPostgres.SqlSubsegmentsAsync(harness));
        Assert.Equal(5, (long?)sub.Json["metadata"]?["sql"]?["rows_read"]);
    }

    [Fact]
    public async Task Transaction_unwraps_to_the_provider_transaction_for_provider_apis()
    {
        var table = await TracedPostgres.CreateItemsAsync(rows: 0);
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("ado"))
        {
            await using var connection = await TracedPostgres.OpenAsync(harness);
            await using var transaction = await connection.BeginTransactionAsync();
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
            await command.ExecuteNonQueryAsync();

            await transaction.SaveAsync("before_three");
            command.CommandText = $"insert into {table} values (3, 'undone')";
            await command.ExecuteNonQueryAsync();
            await transaction.RollbackAsync("before_three");
            await transaction.CommitAsync();
        }

        await using (var check = new NpgsqlConnection(TestPostgres.ConnectionString))
        {
            await check.OpenAsync();
            await using var count = new NpgsqlCommand($"select count(*) from {table}", check);
            Assert.Equal(2L, await count.ExecuteScalarAsync());
        }

        var queries = (await TracedPostgres.SqlSubsegmentsAsync(harness)).Select(TracedPostgres.Query).ToList();
        Assert.Equal([$"insert into {table} values (?, ?)", "SAVEPOINT", $"insert into {table} values (?, ?)", "ROLLBACK TO SAVEPOINT", "COMMIT"], queries);
    }

    [Fact]
    public async Task Transactions_are_not_traced_when_turned_off()
    {
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("ado"))
        {
            await using var connection = await TracedPostgres.OpenAsync(harness, new TracedDbOptions { TraceTransactions = false });
            using var transaction = connection.BeginTransaction();
            await using var command = connection.CreateCommand();
            command.CommandText = "select 1";
            command.ExecuteScalar();
            transaction.Commit();
        }

        Assert.Equal(["select ?"], (await TracedPostgres.SqlSubsegmentsAsync(harness)).Select(TracedPostgres.Query));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Opening_is_traced_only_when_asked(bool traceOpen)
    {
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("ado"))
        {
            await using var connection = await TracedPostgres.OpenAsync(harness, new TracedDbOptions { TraceConnectionOpen = traceOpen });
            connection.Close();
            connection.Open();
        }

        var subs = await TracedPostgres.SqlSubsegmentsAsync(harness);
        Assert.Equal(traceOpen ? 2 : 0, subs.Count);
        Assert.All(subs, s => Assert.Equal("open", (string?)s.Json["metadata"]?["sql"]?["operation"]));
    }

    [Fact]
    public async Task Batch_runs_as_one_subsegment_with_every_statement()
    {
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("ado"))
        {
            await using var connection = await TracedPostgres.OpenAsync(harness);
            Assert.True(connection.CanCreateBatch);
            await using var batch = connection.CreateBatch();
            var first = batch.CreateBatchCommand();
            first.CommandText = "select 'a'";
            var second = batch.CreateBatchCommand();
            second.CommandText = "select 2";
            batch.BatchCommands.Add(first);
            batch.BatchCommands.Add(second);
            Assert.Same(connection, batch.Connection);
            await using var reader = await batch.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal("a", reader.GetString(0));
            Assert.True(await reader.NextResultAsync());
            Assert.True(await reader.ReadAsync());
            Assert.Equal(2, reader.GetInt32(0));
        }

        var sub = Assert.Single(await TracedPostgres.SqlSubsegmentsAsync(harness));
        Assert.Equal("select ?;\nselect ?", TracedPostgres.Query(sub));
        Assert.Equal(2, (long?)sub.Json["metadata"]?["sql"]?["rows_read"]);
    }

    [Fact]
    public async Task Provider_factory_is_traced_and_creates_traced_objects()
    {
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("ado"))
        {
            await using var connection = TracedPostgres.Connect(harness);
            var factory = Assert.IsType<TracedDbProviderFactory>(DbProviderFactories.GetFactory(connection));
            Assert.Same(NpgsqlFactory.Instance, factory.InnerFactory);

            await using var created = Assert.IsType<TracedDbConnection>(factory.CreateConnection());
            created.ConnectionString = TestPostgres.ConnectionString;
            await created.OpenAsync();
            await using var command = Assert.IsType<TracedDbCommand>(factory.CreateCommand());
            command.Connection = created;
            command.CommandText = "select 1";
            var parameter = command.CreateParameter();
            Assert.IsType<NpgsqlParameter>(parameter);
            Assert.Equal(1, await command.ExecuteScalarAsync());
        }

        Assert.Single(await TracedPostgres.SqlSubsegmentsAsync(harness));
    }

    [Fact]
    public async Task State_changes_of_the_provider_connection_are_forwarded()
    {
        await using var harness = new TracingHarness();
        await using var connection = TracedPostgres.Connect(harness);
        var changes = new List<(ConnectionState From, ConnectionState To)>();
        connection.StateChange += (sender, e) =>
        {
            Assert.Same(connection, sender);
            changes.Add((e.OriginalState, e.CurrentState));
        };
        await connection.OpenAsync();
        await connection.CloseAsync();

        Assert.Equal([(ConnectionState.Closed, ConnectionState.Open), (ConnectionState.Open, ConnectionState.Closed)], changes);
    }

    [Fact]
    public async Task Log_error_strategy_runs_the_command_untraced()
    {
        var logger = new ListLogger();
        await using var harness = new TracingHarness(o => o.Logger = logger);
        await using var connection = await TracedPostgres.OpenAsync(harness);
        await using var command = connection.CreateCommand();
        command.CommandText = "select 42";
        Assert.Equal(42, await command.ExecuteScalarAsync());
        Assert.Equal(42, command.ExecuteScalar());

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
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "delete from orders";

        Assert.Throws<ContextMissingException>(() => command.ExecuteNonQuery());
        await Assert.ThrowsAsync<ContextMissingException>(() => command.ExecuteNonQueryAsync());
        Assert.Throws<ContextMissingException>(() => command.ExecuteReader());
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
        Assert.Equal(42, await command.ExecuteScalarAsync());

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
            Assert.Equal(42, await command.ExecuteScalarAsync());
        }

        await harness.AssertNothingSentAsync();
    }

    [Fact]
    public async Task Wrapping_a_traced_connection_again_is_refused()
    {
        await using var harness = new TracingHarness();
        await using var connection = TracedPostgres.Connect(harness);
        Assert.Throws<ArgumentException>(() => new TracedDbConnection(connection, harness.Recorder));
    }
}
