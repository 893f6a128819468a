using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using XRay.Data;
using XRay.EFCore.Tests.Notes;
using XRay.Testing;

namespace XRay.EFCore.Tests.Providers;

/// <summary>
/// EF Core Sqlite on a database file of its own, on both routes: the interceptor on the provider's connection, and a
/// traced connection with the interceptor. Each command is recorded once, with SQLite's naming, dialect and codes.
/// </summary>
public abstract class SqliteTests(SyncOrAsync mode) : IAsyncLifetime
{
    // The folder stands for a home directory: its name must never reach a datagram.
    private readonly string folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "xray-Zq80Xv-" + Guid.NewGuid().ToString("N"))).FullName;

    private bool IsAsync => mode == SyncOrAsync.Async;

    private string ConnectionString => $"Data Source={Path.Combine(folder, "notes.db")};Pooling=False";

    public async Task InitializeAsync()
    {
        await using var db = new NotesContext(new DbContextOptionsBuilder<NotesContext>().UseSqlite(ConnectionString).Options);
        await db.Database.EnsureCreatedAsync();
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Saves_queries_and_transactions_are_recorded_once_on_either_route(bool tracedConnection)
    {
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("notes"))
        {
            await using var db = Context(harness.Recorder, tracedConnection);
            db.Notes.Add(new Note { Body = "Zq81Xv" });
            Assert.Equal(1, IsAsync ? await db.SaveChangesAsync() : db.SaveChanges());
            await using (var transaction = IsAsync ? await db.Database.BeginTransactionAsync() : db.Database.BeginTransaction())
            {
                db.Notes.Add(new Note { Body = "second" });
                Assert.Equal(1, IsAsync ? await db.SaveChangesAsync() : db.SaveChanges());
                if (IsAsync)
                    await transaction.CommitAsync();
                else
                    transaction.Commit();
            }

            var query = db.Notes.AsNoTracking().Where(n => n.Body != "none");
            Assert.Equal(2, (IsAsync ? await query.ToListAsync() : query.ToList()).Count);
        }

        var sqls = (await harness.SegmentsAsync()).Single().SqlSubsegments();
        Assert.All(sqls, sql => Assert.True(sql.Closed()));
        Assert.Equal(2, sqls.Count(sql => sql.Query()!.StartsWith("INSERT INTO \"notes\"", StringComparison.Ordinal)));
        Assert.Single(sqls, sql => sql.Query() == "COMMIT");
        var select = Assert.Single(sqls, sql => sql.Query()!.StartsWith("SELECT", StringComparison.Ordinal));
        Assert.Equal(2, select.RowsRead());
        Assert.Equal("LinqQuery", select.CommandSource());
        Assert.Contains("<> ?", select.Query(), StringComparison.Ordinal);
        Assert.Equal(["SaveChanges", "SaveChanges", "LinqQuery"], sqls.Where(sql => sql.CommandSource() is not null).Select(sql => sql.CommandSource()));
        // SaveChanges inside the application's transaction runs in a savepoint of its own. On the interceptor route it is
        // recorded by EF Core's transaction events; on a traced connection EF Core runs it as a command.
        Assert.Single(sqls, sql => sql.Query()!.StartsWith("SAVEPOINT", StringComparison.Ordinal));
        Assert.Single(sqls, sql => sql.Query()!.StartsWith("RELEASE SAVEPOINT", StringComparison.Ordinal));
        foreach (var sql in sqls)
        {
            Assert.Matches("^main@notes.db#[0-9a-f]{8}$", sql.Name);
            Assert.Equal("SQLite", (string?)sql.Sql!["database_type"]);
            Assert.Matches(@"^3\.\d+\.\d+", (string?)sql.Sql["database_version"]);
            Assert.Matches(@"^Microsoft\.Data\.Sqlite 11\.", (string?)sql.Sql["driver_version"]);
            Assert.Equal("Data Source=notes.db;Pooling=False", (string?)sql.Sql["connection_string"]);
            Assert.False(sql.Flag("fault"));
        }

        Assert.DoesNotMatch(@"Zq8\dXv", harness.Receiver.AllText());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_constraint_failure_is_a_fault_with_sqlites_result_code(bool tracedConnection)
    {
        await using (var seed = Context(recorder: null, tracedConnection: false))
        {
            seed.Notes.Add(new Note { Body = "Zq82Xv" });
            await seed.SaveChangesAsync();
        }

        await using var harness = new TracingHarness();
        DbUpdateException thrown;
        using (harness.Recorder.BeginSegment("notes"))
        {
            await using var db = Context(harness.Recorder, tracedConnection);
            db.Notes.Add(new Note { Body = "Zq82Xv" });
            thrown = IsAsync ? await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync()) : Assert.Throws<DbUpdateException>(() => db.SaveChanges());
        }

        Assert.Equal(19, Assert.IsType<SqliteException>(thrown.InnerException).SqliteErrorCode);
        var sql = Assert.Single((await harness.SegmentsAsync()).Single().SqlSubsegments(), s => s.Flag("fault"));
        Assert.StartsWith("INSERT INTO \"notes\"", sql.Query(), StringComparison.Ordinal);
        Assert.Equal(19, (long?)sql.Json["annotations"]?["error_code"]);
        Assert.Equal("SQLite Error 19: 'UNIQUE constraint failed: notes.Body'.", (string?)sql.Json["cause"]!["exceptions"]![0]!["message"]);
        Assert.DoesNotContain("Zq82Xv", harness.Receiver.AllText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_failed_open_is_recorded_once_on_either_route(bool tracedConnection)
    {
        var missing = $"Data Source={Path.Combine(folder, "missing", "notes.db")};Mode=ReadOnly;Pooling=False";
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("notes"))
        {
            await using var db = Context(harness.Recorder, tracedConnection, missing);
            var error = await Assert.ThrowsAsync<SqliteException>(async () => _ = IsAsync ? await db.Notes.ToListAsync() : db.Notes.ToList());
            Assert.Equal(14, error.SqliteErrorCode);
        }

        var sql = Assert.Single((await harness.SegmentsAsync()).Single().SqlSubsegments());
        Assert.True(sql.Flag("fault"));
        Assert.Equal("open", (string?)sql.Json["metadata"]?["sql"]?["operation"]);
        Assert.Equal(14, (long?)sql.Json["annotations"]?["error_code"]);
        Assert.Matches("^main@notes.db#[0-9a-f]{8}$", sql.Name);
        Assert.DoesNotContain("Zq80Xv", harness.Receiver.AllText(), StringComparison.Ordinal);
    }

    private NotesContext Context(XRayRecorder? recorder, bool tracedConnection, string? connectionString = null)
    {
        connectionString ??= ConnectionString;
        var builder = new DbContextOptionsBuilder<NotesContext>();
        if (tracedConnection)
            builder.UseSqlite(new TracedDbConnection(new SqliteConnection(connectionString), recorder), contextOwnsConnection: true).AddXRayInterceptor();
        else if (recorder is null)
            builder.UseSqlite(connectionString);
        else
            builder.UseSqlite(connectionString).AddXRayInterceptor(recorder);
        return new NotesContext(builder.Options);
    }
}

public sealed class SqliteTestsSync() : SqliteTests(SyncOrAsync.Sync);

public sealed class SqliteTestsAsync() : SqliteTests(SyncOrAsync.Async);
