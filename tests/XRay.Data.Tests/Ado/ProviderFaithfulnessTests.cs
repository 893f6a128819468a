using System.Data;
using System.Data.Common;
using Npgsql;
using XRay.Testing;

namespace XRay.Data.Tests.Ado;

/// <summary>The wrappers behave as the provider they wrap, where generic ADO.NET code can tell.</summary>
public sealed class ProviderFaithfulnessTests
{
    [Fact]
    public async Task Provider_factory_is_traced_and_creates_traced_objects()
    {
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("ado"))
        {
            await using var connection = TracedPostgres.Connect(harness);
            var factory = Assert.IsType<TracedDbProviderFactory>(DbProviderFactories.GetFactory(connection));
            Assert.Same(NpgsqlFactory.Instance, factory.InnerFactory);
            Assert.Same(factory, DbProviderFactories.GetFactory(connection));

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
    public async Task A_connection_reports_the_very_factory_that_created_it()
    {
        await using var harness = new TracingHarness();
        var factories = new[]
        {
            new TracedDbProviderFactory(NpgsqlFactory.Instance),
            new TracedDbProviderFactory(NpgsqlFactory.Instance, harness.Recorder),
            new TracedDbProviderFactory(NpgsqlFactory.Instance, harness.Recorder, new TracedDbOptions { QueryCapture = QueryCapture.None }),
        };
        foreach (var factory in factories)
        {
            await using var connection = factory.CreateConnection()!;
            Assert.Same(factory, DbProviderFactories.GetFactory(connection));
            Assert.Same(factory.SqlRecorder, ((TracedDbConnection)connection).SqlRecorder);
        }
    }

    [Fact]
    public async Task A_factory_data_source_is_traced()
    {
        await using var harness = new TracingHarness();
        var factory = new TracedDbProviderFactory(NpgsqlFactory.Instance, harness.Recorder);
        using (harness.Recorder.BeginSegment("ado"))
        {
            await using var dataSource = Assert.IsType<TracedDbDataSource>(factory.CreateDataSource(TestPostgres.ConnectionString));
            await using var command = dataSource.CreateCommand("select 1");
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

    [Theory]
    [InlineData(SyncOrAsync.Sync)]
    [InlineData(SyncOrAsync.Async)]
    public async Task Disposed_is_raised_exactly_as_the_provider_raises_it(SyncOrAsync mode)
    {
        await using var harness = new TracingHarness();
        foreach (var create in new Func<DbConnection>[] { () => new NpgsqlConnection(TestPostgres.ConnectionString), () => new Fakes.FakeDbConnection("Host=h") })
        {
            var raw = create();
            var rawRaised = 0;
            raw.Disposed += (_, _) => rawRaised++;
            await mode.DisposeAsync(raw);

            var traced = new TracedDbConnection(create(), harness.Recorder);
            var tracedRaised = 0;
            traced.Disposed += (sender, _) =>
            {
                Assert.Same(traced, sender);
                tracedRaised++;
            };
            await mode.DisposeAsync(traced);
            Assert.Equal(rawRaised, tracedRaised);
        }
    }

    [Fact]
    public async Task Transaction_connection_mirrors_the_provider_after_it_ends()
    {
        await using var harness = new TracingHarness();
        await using var connection = await TracedPostgres.OpenAsync(harness);
        await using var committed = await connection.BeginTransactionAsync();
        Assert.Same(connection, committed.Connection);
        await committed.CommitAsync();
        Assert.Equal(((TracedDbTransaction)committed).InnerTransaction.Connection is null, committed.Connection is null);

        await using var rolledBack = await connection.BeginTransactionAsync();
        await rolledBack.RollbackAsync();
        Assert.Equal(((TracedDbTransaction)rolledBack).InnerTransaction.Connection is null, rolledBack.Connection is null);
    }

    [Fact]
    public async Task Nested_readers_are_the_provider_own()
    {
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("ado"))
        {
            await using var connection = await TracedPostgres.OpenAsync(harness);
            await using var command = connection.CreateCommand();
            command.CommandText = "select row(7, 'seven'::text)";
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            using var nested = reader.GetData(0);
            Assert.True(nested.Read());
            Assert.Equal(7, nested.GetInt32(0));
            Assert.Equal("seven", nested.GetString(1));
        }

        Assert.Single(await TracedPostgres.SqlSubsegmentsAsync(harness));
    }

    [Fact]
    public async Task Wrapping_twice_is_refused()
    {
        await using var harness = new TracingHarness();
        await using var connection = TracedPostgres.Connect(harness);
        Assert.Throws<ArgumentException>(() => new TracedDbConnection(connection, harness.Recorder));
        Assert.Throws<ArgumentException>(() => new TracedDbProviderFactory(new TracedDbProviderFactory(NpgsqlFactory.Instance)));
        await using var dataSource = new TracedDbDataSource(NpgsqlDataSource.Create(TestPostgres.ConnectionString), harness.Recorder);
        Assert.Throws<ArgumentException>(() => new TracedDbDataSource(dataSource, harness.Recorder));
    }

    [Fact]
    public async Task A_command_recorded_by_its_caller_records_nothing_itself_and_hands_out_the_provider_reader()
    {
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("ado"))
        {
            await using var connection = await TracedPostgres.OpenAsync(harness);
            await using var command = connection.CreateCommand();
            command.RecordedByCaller = true;
            command.CommandText = "select 1";
            Assert.Equal(1, await command.ExecuteScalarAsync());
            await using var reader = await command.ExecuteReaderAsync();
            Assert.IsType<NpgsqlDataReader>(reader);
        }

        Assert.Empty(await TracedPostgres.SqlSubsegmentsAsync(harness));
    }
}
