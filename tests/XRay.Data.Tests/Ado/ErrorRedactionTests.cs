using System.Data.Common;
using Dapper;
using Npgsql;
using XRay.Testing;

namespace XRay.Data.Tests.Ado;

/// <summary>
/// Real PostgreSQL errors whose messages quote a value sent only as a parameter: the caller gets the provider's
/// exception with the value, no datagram holds it, and the recorded message keeps the SQLSTATE and the wording.
/// </summary>
public sealed class ErrorRedactionTests(ErrorRedactionTests.Schema schema) : IClassFixture<ErrorRedactionTests.Schema>
{
    public enum Path
    {
        AdoSync,
        AdoAsync,
        Dapper,
    }

    public static TheoryData<string, Path> Cases()
    {
        var cases = new TheoryData<string, Path>();
        foreach (var failure in new[] { "22P02", "23505", "23514", "42601", "raise", "rows 22P02", "rows 22012" })
        {
            foreach (var path in Enum.GetValues<Path>())
                cases.Add(failure, path);
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Planted_value_is_in_the_callers_exception_and_in_no_datagram(string failure, Path path)
    {
        var marker = Marker();
        var other = Marker();
        var (sql, parameters, reads, expected) = failure switch
        {
            "22P02" => ("select @v::text::int", new Dictionary<string, object> { ["v"] = marker }, false, "22P02: invalid input syntax for type integer: ?"),
            "23505" => ($"insert into {schema.Table} (email, note) values (@v, 'ok')", new() { ["v"] = await schema.ExistingEmailAsync(marker) }, false,
                $"23505: duplicate key value violates unique constraint \"{schema.Table}_email_key\"\n\nDETAIL: Key (email)=? already exists."),
            "23514" => ($"insert into {schema.Table} (email, note) values (@e, @v)", new() { ["e"] = other, ["v"] = marker }, false,
                $"23514: new row for relation \"{schema.Table}\" violates check constraint \"{schema.Table}_note_check\"\n\nDETAIL: Failing row contains ?."),
            "42601" => ($"select {schema.Run}(@v)", new() { ["v"] = $"select 1 '{marker}'" }, false, "42601: syntax error at or near ?"),
            "raise" => ($"select {schema.Reject}(@v)", new() { ["v"] = marker }, false, "P0001: ?"),
            "rows 22P02" => ("select v::int from unnest(array['1', '2', @v::text]) v", new() { ["v"] = marker }, true, "22P02: invalid input syntax for type integer: ?"),
            "rows 22012" => ("select 10 / (g - 3) from generate_series(1, 5) g", new(), true, "22012: division by zero"),
            _ => throw new ArgumentOutOfRangeException(nameof(failure)),
        };

        await using var harness = new TracingHarness();
        PostgresException caught;
        using (harness.Recorder.BeginSegment("redaction"))
        {
            await using var connection = await TracedPostgres.OpenAsync(harness, connectionString: schema.ConnectionString);
            caught = await Assert.ThrowsAsync<PostgresException>(() => RunAsync(connection, path, sql, parameters, reads));
        }

        // The caller's exception is the provider's, value and all.
        if (failure != "rows 22012")
            Assert.Contains(marker, caught.Message, StringComparison.Ordinal);
        var sub = Assert.Single(await TracedPostgres.SqlSubsegmentsAsync(harness));
        var datagrams = harness.Receiver.AllText();
        Assert.DoesNotContain(marker, datagrams, StringComparison.Ordinal);
        Assert.DoesNotContain(other, datagrams, StringComparison.Ordinal);
        Assert.True(sub.Flag("fault"));
        Assert.Equal(caught.SqlState, (string?)sub.Json["annotations"]?["sql_state"]);
        var exception = sub.Json["cause"]!["exceptions"]![0]!;
        Assert.Equal(typeof(PostgresException).FullName, (string?)exception["type"]);
        Assert.StartsWith(expected, ((string?)exception["message"])?.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ErrorCapture.Full)]
    [InlineData(ErrorCapture.None)]
    public async Task Capture_option_records_the_full_message_or_none(ErrorCapture capture)
    {
        var marker = Marker();
        await using var harness = new TracingHarness();
        PostgresException caught;
        using (harness.Recorder.BeginSegment("redaction"))
        {
            await using var connection = await TracedPostgres.OpenAsync(harness, new TracedDbOptions { ErrorCapture = capture }, schema.ConnectionString);
            caught = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteScalarAsync<int>("select @v::text::int", new { v = marker }));
        }

        var sub = Assert.Single(await TracedPostgres.SqlSubsegmentsAsync(harness));
        var exception = sub.Json["cause"]!["exceptions"]![0]!;
        Assert.Equal(typeof(PostgresException).FullName, (string?)exception["type"]);
        Assert.Equal("22P02", (string?)sub.Json["annotations"]?["sql_state"]);
        if (capture == ErrorCapture.Full)
        {
            Assert.Equal(caught.Message, (string?)exception["message"]);
            Assert.Contains(marker, harness.Receiver.AllText(), StringComparison.Ordinal);
        }
        else
        {
            Assert.Null(exception["message"]);
            Assert.DoesNotContain(marker, harness.Receiver.AllText(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Exception_the_application_records_itself_keeps_its_message()
    {
        var marker = Marker();
        await using var harness = new TracingHarness();
        using (var segment = harness.Recorder.BeginSegment("redaction"))
        {
            await using var untraced = new NpgsqlConnection(schema.ConnectionString);
            await untraced.OpenAsync();
            var caught = await Assert.ThrowsAsync<PostgresException>(() => untraced.ExecuteScalarAsync<int>("select @v::text::int", new { v = marker }));
            segment.AddException(caught, remote: true);
        }

        var exception = Assert.Single(Assert.Single(await harness.SegmentsAsync()).Json["cause"]!["exceptions"]!.AsArray())!;
        Assert.Equal($"22P02: invalid input syntax for type integer: \"{marker}\"", (string?)exception["message"]);
    }

    [Fact]
    public async Task Application_may_record_its_own_exceptions_with_the_same_rules()
    {
        var marker = Marker();
        await using var harness = new TracingHarness();
        using (var segment = harness.Recorder.BeginSegment("redaction"))
        {
            await using var untraced = new NpgsqlConnection(schema.ConnectionString);
            await untraced.OpenAsync();
            var caught = await Assert.ThrowsAsync<PostgresException>(() => untraced.ExecuteScalarAsync<int>("select @v::text::int", new { v = marker }));
            segment.AddException(caught, remote: true, DbExceptionRedactor.Redact);
        }

        var exception = Assert.Single(Assert.Single(await harness.SegmentsAsync()).Json["cause"]!["exceptions"]!.AsArray())!;
        Assert.Equal("22P02: invalid input syntax for type integer: ?", (string?)exception["message"]);
        Assert.DoesNotContain(marker, harness.Receiver.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_exception_object_with_the_same_message_reaches_the_caller()
    {
        var marker = Marker();
        var failure = new PostgresException($"invalid input syntax for type integer: \"{marker}\"", "ERROR", "ERROR", "22P02");
        var message = failure.Message;
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("redaction"))
        {
            await using var connection = new TracedDbConnection(new Fakes.FakeDbConnection("Host=h") { Failure = failure }, harness.Recorder);
            await using var command = connection.CreateCommand();
            Assert.Same(failure, Assert.Throws<PostgresException>(() => command.ExecuteNonQuery()));
            Assert.Same(failure, await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteReaderAsync()));
        }

        Assert.Equal(message, failure.Message);
        var subs = await TracedPostgres.SqlSubsegmentsAsync(harness);
        Assert.Equal(2, subs.Count);
        Assert.All(subs, s => Assert.Equal("22P02: invalid input syntax for type integer: ?", (string?)s.Json["cause"]!["exceptions"]![0]!["message"]));
        Assert.DoesNotContain(marker, harness.Receiver.AllText(), StringComparison.Ordinal);
    }

    private static async Task RunAsync(DbConnection connection, Path path, string sql, Dictionary<string, object> parameters, bool reads)
    {
        if (path == Path.Dapper)
        {
            var arguments = new DynamicParameters(parameters);
            if (reads)
                _ = (await connection.QueryAsync<int>(sql, arguments)).ToList();
            else
                await connection.ExecuteAsync(sql, arguments);
            return;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.Add(new NpgsqlParameter(name, value));
        if (path == Path.AdoSync)
        {
            if (!reads)
            {
                command.ExecuteNonQuery();
                return;
            }

            using var reader = command.ExecuteReader();
            while (reader.Read())
                _ = reader.GetInt32(0);
        }
        else
        {
            if (!reads)
            {
                await command.ExecuteNonQueryAsync();
                return;
            }

            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                _ = reader.GetInt32(0);
        }
    }

    private static string Marker() => "zq" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>A table with a unique and a check constraint, and functions that fail with a value, for this class.</summary>
    public sealed class Schema : IAsyncLifetime
    {
        private readonly string suffix = Guid.NewGuid().ToString("N")[..10];

        public string ConnectionString { get; } = TestPostgres.ConnectionString + ";Include Error Detail=true";

        public string Table => "redact_" + suffix;

        /// <summary><c>reject(v)</c>: <c>RAISE EXCEPTION</c> quoting <c>v</c>, with a detail quoting it again.</summary>
        public string Reject => "reject_" + suffix;

        /// <summary><c>run(q)</c>: executes <c>q</c>, so a syntax error can quote a value sent as a parameter.</summary>
        public string Run => "run_" + suffix;

        public async Task InitializeAsync()
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            await connection.ExecuteAsync($"""
                create table {Table} (email text unique, note text check (length(note) < 8));
                create function {Reject}(v text) returns int language plpgsql as $$
                begin raise exception 'order % rejected', v using detail = 'because ' || v; end $$;
                create function {Run}(q text) returns void language plpgsql as $$ begin execute q; end $$;
                """);
        }

        /// <summary>Inserts a row with <paramref name="email"/>, untraced, so inserting it again violates the unique constraint.</summary>
        public async Task<string> ExistingEmailAsync(string email)
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.ExecuteAsync($"insert into {Table} (email, note) values (@email, 'ok')", new { email });
            return email;
        }

        public async Task DisposeAsync()
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.ExecuteAsync($"drop table {Table}; drop function {Reject}(text); drop function {Run}(text);");
        }
    }
}
