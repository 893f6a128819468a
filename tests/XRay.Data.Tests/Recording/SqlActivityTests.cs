using System.Data;
using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using XRay.Data.Tests.Ado;
using XRay.Testing;

namespace XRay.Data.Tests.Recording;

/// <summary>
/// Commands on real PostgreSQL and SQLite become client Activities of the <c>XRay.Data</c> source, exported by the
/// OpenTelemetry SDK, with the stable database conventions and never a literal, a parameter value or a secret.
/// </summary>
[Collection(nameof(ActivityCollection))]
public sealed class SqlActivityTests
{
    private static readonly NpgsqlConnectionStringBuilder Server = new(TestPostgres.ConnectionString);

    [Fact]
    public async Task Query_with_literals_becomes_an_Activity_with_the_stable_conventions_and_no_literal()
    {
        var table = await TracedPostgres.CreateItemsAsync();
        var marker = Marker();
        using var sdk = new ListeningSdk();
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("otel"))
        {
            await using var connection = await TracedPostgres.OpenAsync(harness);
            await using var command = connection.CreateCommand();
            command.CommandText = $"select id, name from {table} where name <> '{marker}' and id < 424242";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
            }
        }

        var activity = Assert.Single(sdk.Commands);
        Assert.Equal(ActivityKind.Client, activity.Kind);
        Assert.Equal($"SELECT {table}", activity.DisplayName);
        Assert.Equal("postgresql", activity.GetTagItem("db.system.name"));
        Assert.Equal(Server.Database, activity.GetTagItem("db.namespace"));
        Assert.Equal($"select id, name from {table} where name <> ? and id < ?", activity.GetTagItem("db.query.text"));
        Assert.Equal($"SELECT {table}", activity.GetTagItem("db.query.summary"));
        Assert.Equal("SELECT", activity.GetTagItem("db.operation.name"));
        Assert.Equal(table, activity.GetTagItem("db.collection.name"));
        Assert.Equal(Server.Host, activity.GetTagItem("server.address"));
        Assert.Equal(Server.Port, activity.GetTagItem("server.port"));
        Assert.Equal(5L, activity.GetTagItem("db.response.returned_rows"));
        Assert.Equal(ActivityStatusCode.Unset, activity.Status);
        Assert.DoesNotContain("424242", ListeningSdk.AllText(activity), StringComparison.Ordinal);
        Assert.DoesNotContain(marker, ListeningSdk.AllText(activity), StringComparison.Ordinal);

        // The subsegment is recorded as before, with the summary in the sql metadata.
        var sub = Assert.Single(await TracedPostgres.SqlSubsegmentsAsync(harness));
        Assert.Equal(activity.GetTagItem("db.query.text"), TracedPostgres.Query(sub));
        Assert.Equal($"SELECT {table}", (string?)sub.Json["metadata"]?["sql"]?["query_summary"]);
        Assert.DoesNotContain(marker, harness.Receiver.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failure_is_an_Error_status_with_the_redacted_message_and_the_SQLSTATE()
    {
        var marker = Marker();
        using var sdk = new ListeningSdk();
        await using var harness = new TracingHarness();
        PostgresException caught;
        using (harness.Recorder.BeginSegment("otel"))
        {
            await using var connection = await TracedPostgres.OpenAsync(harness);
            caught = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteScalarAsync<int>("select @v::text::int", new { v = marker }));
        }

        Assert.Contains(marker, caught.Message, StringComparison.Ordinal);
        var activity = Assert.Single(sdk.Commands);
        Assert.Equal(ActivityStatusCode.Error, activity.Status);
        Assert.Equal("22P02", activity.GetTagItem("error.type"));
        Assert.Equal("22P02", activity.GetTagItem("db.response.status_code"));
        Assert.StartsWith("22P02: invalid input syntax for type integer: ?", activity.StatusDescription, StringComparison.Ordinal);
        Assert.Equal("select @v::text::int", activity.GetTagItem("db.query.text"));
        Assert.DoesNotContain(marker, ListeningSdk.AllText(activity), StringComparison.Ordinal);

        var sub = Assert.Single(await TracedPostgres.SqlSubsegmentsAsync(harness));
        Assert.Equal(activity.StatusDescription, (string?)sub.Json["cause"]!["exceptions"]![0]!["message"]);
    }

    [Fact]
    public async Task Stored_procedure_is_named_and_executed()
    {
        var procedure = "proc_" + Guid.NewGuid().ToString("N")[..12];
        await using (var setup = new NpgsqlConnection(TestPostgres.ConnectionString))
        {
            await setup.OpenAsync();
            await using var create = new NpgsqlCommand($"create procedure {procedure}(a int) language sql as $$ select a $$", setup);
            await create.ExecuteNonQueryAsync();
        }

        var marker = 7_000_000 + Random.Shared.Next(999_999);
        using var sdk = new ListeningSdk();
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("otel"))
        {
            await using var connection = await TracedPostgres.OpenAsync(harness);
            await using var command = connection.CreateCommand();
            command.CommandType = CommandType.StoredProcedure;
            command.CommandText = procedure;
            var parameter = command.CreateParameter();
            parameter.ParameterName = "a";
            parameter.Value = marker;
            command.Parameters.Add(parameter);
            await command.ExecuteNonQueryAsync();
            await connection.ExecuteAsync($"call {procedure}({marker})");
        }

        Assert.Collection(
            sdk.Commands,
            byType =>
            {
                Assert.Equal($"EXECUTE {procedure}", byType.DisplayName);
                Assert.Equal(procedure, byType.GetTagItem("db.stored_procedure.name"));
                Assert.Equal("EXECUTE", byType.GetTagItem("db.operation.name"));
            },
            byText =>
            {
                Assert.Equal($"CALL {procedure}", byText.DisplayName);
                Assert.Equal(procedure, byText.GetTagItem("db.stored_procedure.name"));
                Assert.Equal("CALL", byText.GetTagItem("db.operation.name"));
                Assert.Equal($"call {procedure}(?)", byText.GetTagItem("db.query.text"));
            });
        Assert.All(sdk.Commands, a => Assert.DoesNotContain(marker.ToString(System.Globalization.CultureInfo.InvariantCulture), ListeningSdk.AllText(a), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Batch_of_alike_commands_is_BATCH_and_their_summary_with_its_size()
    {
        var table = await TracedPostgres.CreateItemsAsync(rows: 0);
        var marker = Marker();
        using var sdk = new ListeningSdk();
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("otel"))
        {
            await using var connection = await TracedPostgres.OpenAsync(harness);
            await using var batch = connection.CreateBatch();
            for (var n = 1; n <= 3; n++)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = $"insert into {table} (id, name) values ({n}, '{marker}-{n}')";
                batch.BatchCommands.Add(command);
            }

            Assert.Equal(3, await batch.ExecuteNonQueryAsync());
        }

        var activity = Assert.Single(sdk.Commands);
        Assert.Equal($"BATCH INSERT {table}", activity.DisplayName);
        Assert.Equal($"BATCH INSERT {table}", activity.GetTagItem("db.query.summary"));
        Assert.Equal("BATCH INSERT", activity.GetTagItem("db.operation.name"));
        Assert.Equal(table, activity.GetTagItem("db.collection.name"));
        Assert.Equal(3, activity.GetTagItem("db.operation.batch.size"));
        Assert.DoesNotContain(marker, ListeningSdk.AllText(activity), StringComparison.Ordinal);
        Assert.DoesNotContain(marker, harness.Receiver.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Activity_lasts_until_the_reader_closes_and_leaves_the_current_Activity_alone()
    {
        var table = await TracedPostgres.CreateItemsAsync();
        using var sdk = new ListeningSdk();
        await using var harness = new TracingHarness();
        using var request = ListeningSdk.App.StartActivity("request");
        Assert.NotNull(request);
        await using var connection = await TracedPostgres.OpenAsync(harness);
        await using var command = connection.CreateCommand();
        command.CommandText = $"select name from {table}";
        var reader = await command.ExecuteReaderAsync();

        Assert.Same(request, Activity.Current);
        Assert.Empty(sdk.Commands);
        while (await reader.ReadAsync())
        {
        }

        Assert.Empty(sdk.Commands);
        await reader.DisposeAsync();

        var activity = Assert.Single(sdk.Commands);
        Assert.Same(request, Activity.Current);
        Assert.Equal(request.TraceId, activity.TraceId);
        Assert.Equal(request.SpanId, activity.ParentSpanId);
    }

    [Fact]
    public async Task Without_a_segment_the_command_is_an_Activity_and_not_context_missing()
    {
        using var sdk = new ListeningSdk();
        await using var harness = new TracingHarness(o => o.ContextMissing = ContextMissingStrategy.RuntimeError);
        await using var connection = await TracedPostgres.OpenAsync(harness);

        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("select 1"));

        var activity = Assert.Single(sdk.Commands);
        Assert.Equal("SELECT", activity.DisplayName);
        Assert.Equal("select ?", activity.GetTagItem("db.query.text"));
        await harness.AssertNothingSentAsync();
    }

    [Fact]
    public async Task Nothing_listening_to_the_source_makes_no_Activity_and_the_subsegment_as_before()
    {
        using var sdk = new ListeningSdk(source: "Some.Other.Source");
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("otel"))
        {
            await using var connection = await TracedPostgres.OpenAsync(harness);
            Assert.Equal(2, await connection.ExecuteScalarAsync<int>("select 2"));
        }

        Assert.Empty(sdk.Exported);
        var sub = Assert.Single(await TracedPostgres.SqlSubsegmentsAsync(harness));
        Assert.Equal("select ?", TracedPostgres.Query(sub));
        Assert.Equal("SELECT", (string?)sub.Json["metadata"]?["sql"]?["query_summary"]);

        // An unsampled trace with no listener: the wrappers do not even look at the command.
        await using var unsampled = new TracingHarness(o => o.SamplingRules = new SamplingRules(new SamplingRule(fixedTarget: 0, rate: 0)));
        using (unsampled.Recorder.BeginSegment("unsampled"))
            Assert.False(new SqlRecorder(unsampled.Recorder).MayRecord);
    }

    [Fact]
    public async Task Query_capture_None_leaves_the_text_and_summary_out()
    {
        using var sdk = new ListeningSdk();
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("otel"))
        {
            await using var connection = await TracedPostgres.OpenAsync(harness, new TracedDbOptions { QueryCapture = QueryCapture.None });
            await connection.ExecuteScalarAsync<int>("select 3");
        }

        var activity = Assert.Single(sdk.Commands);
        Assert.Null(activity.GetTagItem("db.query.text"));
        Assert.Null(activity.GetTagItem("db.query.summary"));
        Assert.Equal("postgresql", activity.DisplayName);
    }

    [Fact]
    public async Task Summary_is_an_annotation_only_when_asked()
    {
        var table = await TracedPostgres.CreateItemsAsync();
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("otel"))
        {
            await using var annotated = await TracedPostgres.OpenAsync(harness, new TracedDbOptions { AnnotateQuerySummary = true });
            await annotated.ExecuteAsync($"delete from {table} where id = 99");
            await using var plain = await TracedPostgres.OpenAsync(harness);
            await plain.ExecuteAsync($"delete from {table} where id = 98");
        }

        var subs = await TracedPostgres.SqlSubsegmentsAsync(harness);
        Assert.Equal(2, subs.Count);
        Assert.Equal($"DELETE {table}", (string?)subs[0].Json["annotations"]?["query_summary"]);
        Assert.Null(subs[1].Json["annotations"]?["query_summary"]);
        Assert.All(subs, s => Assert.Equal($"DELETE {table}", (string?)s.Json["metadata"]?["sql"]?["query_summary"]));
    }

    [Fact]
    public async Task Raw_capture_still_gives_the_Activity_only_the_sanitized_text()
    {
        var marker = Marker();
        using var sdk = new ListeningSdk();
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("otel"))
        {
            await using var connection = await TracedPostgres.OpenAsync(harness, new TracedDbOptions { QueryCapture = QueryCapture.Raw });
            await connection.ExecuteScalarAsync<string>($"select '{marker}'");
        }

        var activity = Assert.Single(sdk.Commands);
        Assert.Equal("select ?", activity.GetTagItem("db.query.text"));
        Assert.DoesNotContain(marker, ListeningSdk.AllText(activity), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sqlite_command_is_an_Activity_without_a_server()
    {
        var marker = Marker();
        using var sdk = new ListeningSdk();
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("otel"))
        {
            await using var connection = new TracedDbConnection(new SqliteConnection("Data Source=:memory:"), harness.Recorder);
            await connection.OpenAsync();
            await connection.ExecuteAsync("create table notes (id integer primary key, body text)");
            await connection.ExecuteAsync($"insert into notes (id, body) values (1, '{marker}')");
            await Assert.ThrowsAsync<SqliteException>(() => connection.ExecuteAsync($"insert into notes (id, body) values (1, '{marker}')"));
        }

        Assert.Equal(3, sdk.Commands.Count);
        Assert.All(sdk.Commands, a =>
        {
            Assert.Equal("sqlite", a.GetTagItem("db.system.name"));
            Assert.Null(a.GetTagItem("server.address"));
            Assert.Null(a.GetTagItem("server.port"));
            Assert.DoesNotContain(marker, ListeningSdk.AllText(a), StringComparison.Ordinal);
        });
        Assert.Equal("CREATE TABLE notes", sdk.Commands[0].DisplayName);
        Assert.Equal("INSERT notes", sdk.Commands[1].DisplayName);
        Assert.Equal("insert into notes (id, body) values (?, ?)", sdk.Commands[1].GetTagItem("db.query.text"));
        var failed = sdk.Commands[2];
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        Assert.Equal("19", failed.GetTagItem("error.type"));
        Assert.NotNull(failed.StatusDescription);
        Assert.DoesNotContain(marker, harness.Receiver.AllText(), StringComparison.Ordinal);
    }

    private static string Marker() => "mk" + Guid.NewGuid().ToString("N")[..16];
}
