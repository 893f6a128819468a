using Microsoft.EntityFrameworkCore;
using Npgsql;
using XRay.Data;
using XRay.EFCore.Tests.Ledger;
using XRay.Testing;

namespace XRay.EFCore.Tests;

/// <summary>
/// <c>SaveChanges</c> failing on real PostgreSQL with the values being saved in the error: EF Core's
/// <see cref="DbUpdateException"/> wraps the provider's exception with the value, and no datagram holds it.
/// </summary>
public sealed class ErrorRedactionTests
{
    public static TheoryData<string, bool> Failures => new()
    {
        { "23505", false }, { "23505", true },
        { "23514", false }, { "23514", true },
        { "raise", false }, { "raise", true },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task SaveChanges_failure_keeps_the_value_for_the_caller_and_out_of_every_datagram(string failure, bool async)
    {
        var marker = Marker();
        var code = Marker();
        if (failure == "23505")
            await SaveUntracedAsync(new Entry { Code = marker, Note = "first" });
        var (entry, expected) = failure switch
        {
            "23505" => (new Entry { Code = marker, Note = "again" }, "23505: duplicate key value violates unique constraint \"IX_entries_Code\"\n\nDETAIL: Key (\"Code\")=? already exists."),
            "23514" => (new Entry { Code = code, Note = marker }, "23514: new row for relation \"entries\" violates check constraint \"entries_note_short\"\n\nDETAIL: Failing row contains ?."),
            _ => (new Entry { Code = code, Note = "reject " + marker }, "P0001: ?"),
        };

        await using var harness = new TracingHarness();
        DbUpdateException thrown;
        using (harness.Recorder.BeginSegment("ledger"))
        {
            await using var db = await LedgerDatabase.OpenAsync(harness.Recorder);
            db.Entries.Add(entry);
            thrown = async
                ? await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync())
                : Assert.Throws<DbUpdateException>(() => db.SaveChanges());
        }

        var postgres = Assert.IsType<PostgresException>(thrown.InnerException);
        Assert.Contains(marker, postgres.Message, StringComparison.Ordinal);
        var sql = Assert.Single((await harness.SegmentsAsync()).Single().Subsegments);
        Assert.Empty(harness.Receiver.Rejected);
        Assert.True(sql.Flag("fault"));
        Assert.Equal(postgres.SqlState, (string?)sql.Json["annotations"]?["sql_state"]);
        var exception = Assert.Single(sql.Json["cause"]!["exceptions"]!.AsArray())!;
        Assert.Equal(typeof(PostgresException).FullName, (string?)exception["type"]);
        Assert.Equal(expected, ((string?)exception["message"])?.ReplaceLineEndings("\n"));
        var datagrams = harness.Receiver.AllText();
        Assert.DoesNotContain(marker, datagrams, StringComparison.Ordinal);
        Assert.DoesNotContain(code, datagrams, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ErrorCapture.Full)]
    [InlineData(ErrorCapture.None)]
    public async Task Interceptor_option_records_the_full_message_or_none(ErrorCapture capture)
    {
        var marker = Marker();
        await using var harness = new TracingHarness();
        DbUpdateException thrown;
        using (harness.Recorder.BeginSegment("ledger"))
        {
            await using var db = await LedgerDatabase.OpenAsync(harness.Recorder, capture);
            db.Entries.Add(new Entry { Code = Marker(), Note = marker });
            thrown = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        var sql = Assert.Single((await harness.SegmentsAsync()).Single().Subsegments);
        var exception = Assert.Single(sql.Json["cause"]!["exceptions"]!.AsArray())!;
        Assert.Equal("23514", (string?)sql.Json["annotations"]?["sql_state"]);
        if (capture == ErrorCapture.Full)
        {
            Assert.Equal(thrown.InnerException!.Message, (string?)exception["message"]);
            Assert.Contains(marker, harness.Receiver.AllText(), StringComparison.Ordinal);
        }
        else
        {
            Assert.Null(exception["message"]);
            Assert.DoesNotContain(marker, harness.Receiver.AllText(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Every_exception_of_a_wrapped_chain_is_redacted()
    {
        var marker = Marker();
        var postgres = new PostgresException("new row for relation \"entries\" violates check constraint \"entries_note_short\"", "ERROR", "ERROR", "23514",
            detail: $"Failing row contains (1, x, {marker}).");
        var wrapped = new DbUpdateException($"Saving the entry '{marker}' failed.", new InvalidOperationException("See the inner exception.", postgres));
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("ledger"))
        {
            var connection = new NpgsqlConnection(LedgerDatabase.ConnectionString);
            var call = new SqlRecorder(harness.Recorder).BeginCommand(connection, new NpgsqlCommand("insert into entries values (@p0)", connection));
            call.Fail(wrapped);
        }

        var sql = Assert.Single((await harness.SegmentsAsync()).Single().Subsegments);
        var messages = sql.Json["cause"]!["exceptions"]!.AsArray().Select(e => ((string?)e!["message"])?.ReplaceLineEndings("\n")).ToList();
        Assert.Equal(
            ["Saving the entry ? failed.", "See the inner exception.", "23514: new row for relation \"entries\" violates check constraint \"entries_note_short\"\n\nDETAIL: Failing row contains ?."],
            messages);
        Assert.Equal("23514", (string?)sql.Json["annotations"]?["sql_state"]);
        Assert.DoesNotContain(marker, harness.Receiver.AllText(), StringComparison.Ordinal);
    }

    private static async Task SaveUntracedAsync(Entry entry)
    {
        await using var db = await LedgerDatabase.OpenAsync(recorder: null);
        db.Entries.Add(entry);
        await db.SaveChangesAsync();
    }

    private static string Marker() => "zq" + Guid.NewGuid().ToString("N")[..6];
}
