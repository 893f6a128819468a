using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using XRay.Testing;

namespace XRay.Data.Tests.Ado;

/// <summary>Real SQLite errors, in process, whose messages quote a value sent only as a parameter.</summary>
public sealed class SqliteErrorRedactionTests
{
    public static TheoryData<string, string, string> Failures => new()
    {
        { "unique", "insert into t (email) values (@v)", "SQLite Error 19: 'UNIQUE constraint failed: t.email'." },
        { "raise", "insert into t (email, note) values ('x', @v)", "SQLite Error 19: '?'." },
        { "json path", "select json_extract('{}', @v)", "SQLite Error 1: 'bad JSON path: ?'." },
        { "function", "select parse_int(@v)", "SQLite Error 1: 'The input string ? was not in a correct format.'." },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Planted_value_is_in_the_callers_exception_and_in_no_datagram(string failure, string sql, string expected)
    {
        var marker = "zq" + Guid.NewGuid().ToString("N")[..16];
        await using var harness = new TracingHarness();
        SqliteException caught;
        using (harness.Recorder.BeginSegment("sqlite"))
        {
            await using var connection = new TracedDbConnection(new SqliteConnection("Data Source=:memory:"), harness.Recorder);
            await connection.OpenAsync();
            ((SqliteConnection)connection.InnerConnection).CreateFunction("parse_int", (string s) => int.Parse(s, CultureInfo.InvariantCulture));
            // Set up on the provider's own connection: only the failing command is traced.
            await ((SqliteConnection)connection.InnerConnection).ExecuteAsync($"""
                create table t (email text unique, note text);
                insert into t (email) values ('{marker}');
                create trigger t_reject before insert on t when new.note is not null
                begin select raise(abort, 'rejected ' || new.note); end;
                """);
            caught = await Assert.ThrowsAsync<SqliteException>(() => connection.ExecuteScalarAsync(sql, new { v = failure == "raise" ? "note " + marker : marker }));
        }

        Assert.Contains(failure == "unique" ? "UNIQUE constraint failed" : marker, caught.Message, StringComparison.Ordinal);
        var segment = Assert.Single(await harness.SegmentsAsync());
        Assert.Empty(harness.Receiver.Rejected);
        var sub = Assert.Single(segment.DescendantsAndSelf(), e => e.Sql is not null);
        Assert.True(sub.Flag("fault"));
        Assert.Equal(expected, (string?)sub.Json["cause"]!["exceptions"]![0]!["message"]);
        Assert.DoesNotContain(marker, harness.Receiver.AllText(), StringComparison.Ordinal);
    }
}
