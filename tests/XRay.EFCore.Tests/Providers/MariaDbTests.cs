using Microsoft.EntityFrameworkCore;
using MySql.Data.MySqlClient;
using XRay.Data;
using XRay.EFCore.Tests.Notes;
using XRay.Testing;

namespace XRay.EFCore.Tests.Providers;

/// <summary>
/// MySql.EntityFrameworkCore (on MySql.Data) against the MariaDB test server with <c>AddXRayInterceptor()</c>: every field
/// of what it runs, a failing SaveChanges, a failed open and transactions, through EF Core's sync and async API.
/// </summary>
public abstract class MariaDbTests(SyncOrAsync mode)
{
    private bool IsAsync => mode == SyncOrAsync.Async;

    [Fact]
    public async Task Saves_and_queries_are_recorded_field_by_field()
    {
        var connectionString = await MariaDbNotes.ConnectionStringAsync();
        var body = "Zq70Xv-" + Guid.NewGuid().ToString("N");
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("notes"))
        {
            await using var db = Context(connectionString, harness.Recorder);
            db.Notes.Add(new Note { Body = body });
            Assert.Equal(1, IsAsync ? await db.SaveChangesAsync() : db.SaveChanges());
            var query = db.Notes.AsNoTracking().Where(n => n.Body == body);
            Assert.Single(IsAsync ? await query.ToListAsync() : query.ToList());
        }

        var server = new MySqlConnectionStringBuilder(connectionString);
        var sqls = (await harness.SegmentsAsync()).Single().SqlSubsegments();
        var insert = Assert.Single(sqls, s => s.Query()?.StartsWith("INSERT INTO `notes`", StringComparison.Ordinal) == true);
        var select = Assert.Single(sqls, s => s.Query()?.StartsWith("SELECT", StringComparison.Ordinal) == true);
        Assert.Equal("SaveChanges", insert.CommandSource());
        Assert.Equal("LinqQuery", select.CommandSource());
        Assert.Equal(1, select.RowsRead());
        foreach (var sql in sqls)
        {
            Assert.Equal($"{server.Database}@{server.Server}", sql.Name);
            Assert.Equal("MariaDB", (string?)sql.Sql!["database_type"]);
            Assert.Matches(@"^1\d\.\d+\.\d+-MariaDB", (string?)sql.Sql["database_version"]);
            Assert.StartsWith("MySql.Data ", (string?)sql.Sql["driver_version"], StringComparison.Ordinal);
            Assert.Equal(server.UserID, (string?)sql.Sql["user"]);
            // SaveChanges's own transaction is recorded from EF Core's transaction events: no command, so no preparation or context.
            var command = sql.Query() != "COMMIT";
            Assert.Equal(command ? "statement" : null, (string?)sql.Sql["preparation"]);
            Assert.DoesNotContain("password", (string?)sql.Sql["connection_string"], StringComparison.OrdinalIgnoreCase);
            Assert.Equal(command ? typeof(NotesContext).FullName : null, sql.ContextType());
            Assert.False(sql.Flag("fault"));
        }

        var sent = harness.Receiver.AllText();
        Assert.DoesNotContain("Zq70Xv", sent, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Password, sent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_duplicate_is_a_fault_with_mysqls_error_number_and_a_redacted_message()
    {
        var connectionString = await MariaDbNotes.ConnectionStringAsync();
        var body = "Zq71Xv-" + Guid.NewGuid().ToString("N");
        await using (var seed = Context(connectionString, recorder: null))
        {
            seed.Notes.Add(new Note { Body = body });
            await seed.SaveChangesAsync();
        }

        await using var harness = new TracingHarness();
        DbUpdateException thrown;
        using (harness.Recorder.BeginSegment("notes"))
        {
            await using var db = Context(connectionString, harness.Recorder);
            db.Notes.Add(new Note { Body = body });
            thrown = IsAsync ? await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync()) : Assert.Throws<DbUpdateException>(() => db.SaveChanges());
        }

        var mysql = Assert.IsType<MySqlException>(thrown.InnerException);
        Assert.Equal(1062, mysql.Number);
        var sql = Assert.Single((await harness.SegmentsAsync()).Single().SqlSubsegments(), s => s.Flag("fault"));
        Assert.StartsWith("INSERT INTO `notes`", sql.Query(), StringComparison.Ordinal);
        Assert.Equal(1062, (long?)sql.Json["annotations"]?["error_code"]);
        var exception = sql.Json["cause"]!["exceptions"]![0]!;
        Assert.Equal(typeof(MySqlException).FullName, (string?)exception["type"]);
        Assert.StartsWith("Duplicate entry ? for key ", (string?)exception["message"], StringComparison.Ordinal);
        Assert.DoesNotContain("Zq71Xv", harness.Receiver.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_open_is_a_fault_with_access_denied()
    {
        var wrongPassword = new MySqlConnectionStringBuilder(await MariaDbNotes.ConnectionStringAsync()) { Password = "Wrong-Zq72Xv", Pooling = false }.ConnectionString;
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("notes"))
        {
            await using var db = Context(wrongPassword, harness.Recorder);
            var error = await Assert.ThrowsAnyAsync<Exception>(async () => _ = IsAsync ? await db.Notes.ToListAsync() : db.Notes.ToList());
            Assert.Equal(1045, Assert.IsType<MySqlException>(error).Number);
        }

        var sql = Assert.Single((await harness.SegmentsAsync()).Single().SqlSubsegments());
        Assert.True(sql.Flag("fault"));
        Assert.Equal("open", (string?)sql.Json["metadata"]?["sql"]?["operation"]);
        Assert.Equal(1045, (long?)sql.Json["annotations"]?["error_code"]);
        Assert.StartsWith("MySql.Data ", (string?)sql.Sql!["driver_version"], StringComparison.Ordinal);
        Assert.DoesNotContain("Zq72Xv", harness.Receiver.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commit_and_rollback_of_EF_Core_transactions_are_recorded()
    {
        var connectionString = await MariaDbNotes.ConnectionStringAsync();
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("notes"))
        {
            await using var db = Context(connectionString, harness.Recorder);
            foreach (var commit in new[] { true, false })
            {
                await using var transaction = IsAsync ? await db.Database.BeginTransactionAsync() : db.Database.BeginTransaction();
                db.Notes.Add(new Note { Body = "Zq73Xv-" + Guid.NewGuid().ToString("N") });
                Assert.Equal(1, IsAsync ? await db.SaveChangesAsync() : db.SaveChanges());
                if (commit && IsAsync)
                    await transaction.CommitAsync();
                else if (commit)
                    transaction.Commit();
                else if (IsAsync)
                    await transaction.RollbackAsync();
                else
                    transaction.Rollback();
            }
        }

        var queries = (await harness.SegmentsAsync()).Single().SqlSubsegments().Select(s => s.Query()!.Split(' ')[0]).ToList();
        Assert.Equal(1, queries.Count(q => q == "COMMIT"));
        Assert.Equal(1, queries.Count(q => q == "ROLLBACK"));
        Assert.Equal(2, queries.Count(q => q == "INSERT"));
        Assert.True(queries.IndexOf("COMMIT") < queries.LastIndexOf("INSERT"));
        Assert.Equal("ROLLBACK", queries[^1]);
    }

    [Fact]
    public async Task On_a_traced_connection_the_context_fails_at_setup_saying_what_to_do()
    {
        var connectionString = await MariaDbNotes.ConnectionStringAsync();
        await using var harness = new TracingHarness();
        await using var traced = new TracedDbConnection(new MySqlConnection(connectionString), harness.Recorder);

        // The interceptor added after the provider: the check runs right there.
        var refused = Assert.Throws<InvalidOperationException>(() => new DbContextOptionsBuilder<NotesContext>().UseMySQL(traced).AddXRayInterceptor());
        Assert.Contains("MySql.EntityFrameworkCore cannot run on a TracedDbConnection", refused.Message, StringComparison.Ordinal);
        Assert.Contains("MySql.Data.MySqlClient.MySqlConnection", refused.Message, StringComparison.Ordinal);
        Assert.Contains("keep AddXRayInterceptor()", refused.Message, StringComparison.Ordinal);

        // The interceptor added before the provider: EF Core's validation of the options, when the context is made,
        // runs the same check before any connection is opened.
        var options = new DbContextOptionsBuilder<NotesContext>().AddXRayInterceptor(harness.Recorder).UseMySQL(traced).EnableServiceProviderCaching(false).Options;
        var atSetup = Assert.Throws<InvalidOperationException>(() => new NotesContext(options));
        Assert.Equal(refused.Message, atSetup.Message);
        Assert.Equal(System.Data.ConnectionState.Closed, traced.State);
    }

    [Fact]
    public async Task Without_the_check_the_provider_fails_inside_its_own_open()
    {
        // Why the check exists: MySQLRelationalConnection.Open casts the connection to MySql.Data's MySqlConnection.
        var connectionString = await MariaDbNotes.ConnectionStringAsync();
        await using var traced = new TracedDbConnection(new MySqlConnection(connectionString));
        await using var db = new NotesContext(new DbContextOptionsBuilder<NotesContext>().UseMySQL(traced).Options);

        var error = await Assert.ThrowsAsync<InvalidCastException>(async () => _ = IsAsync ? await db.Notes.ToListAsync() : db.Notes.ToList());
        Assert.Contains("MySql.EntityFrameworkCore", error.StackTrace, StringComparison.Ordinal);
    }

    private static NotesContext Context(string connectionString, XRayRecorder? recorder)
    {
        var builder = new DbContextOptionsBuilder<NotesContext>().UseMySQL(connectionString);
        if (recorder is not null)
            builder.AddXRayInterceptor(recorder);
        return new NotesContext(builder.Options);
    }
}

public sealed class MariaDbTestsSync() : MariaDbTests(SyncOrAsync.Sync);

public sealed class MariaDbTestsAsync() : MariaDbTests(SyncOrAsync.Async);
