using System.Data;
using Dapper;
using XRay.Testing;

namespace XRay.Data.Tests.Ado;

/// <summary>Dapper's synchronous and asynchronous extensions on a traced connection.</summary>
public abstract class DapperTests(SyncOrAsync mode)
{
    private bool IsAsync => mode == SyncOrAsync.Async;

    private sealed record Item(int Id, string Name);

    [Fact]
    public async Task Buffered_query_returns_rows_and_records_one_subsegment()
    {
        var table = await TracedPostgres.CreateItemsAsync();
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("dapper"))
        {
            await using var connection = TracedPostgres.Connect(harness);
            var sql = $"select id, name from {table} where id <= @max order by id";
            var items = IsAsync
                ? (await connection.QueryAsync<Item>(sql, new { max = 3 })).ToList()
                : [.. connection.Query<Item>(sql, new { max = 3 })];
            Assert.Equal([new(1, "item 1"), new(2, "item 2"), new(3, "item 3")], items);
        }

        var sub = Assert.Single(await TracedPostgres.SqlSubsegmentsAsync(harness));
        Assert.Equal($"select id, name from {table} where id <= @max order by id", TracedPostgres.Query(sub));
        Assert.Equal(3, (long?)sub.Json["metadata"]?["sql"]?["rows_read"]);
    }

    [Fact]
    public async Task Unbuffered_query_ends_its_subsegment_when_enumeration_ends()
    {
        var table = await TracedPostgres.CreateItemsAsync();
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("dapper"))
        {
            await using var connection = await TracedPostgres.OpenAsync(harness);
            var ids = new List<int>();
            var sql = $"select id, name from {table} order by id";
            if (IsAsync)
            {
                await foreach (var item in connection.QueryUnbufferedAsync<Item>(sql))
                    ids.Add(item.Id);
            }
            else
            {
                foreach (var item in connection.Query<Item>(sql, buffered: false))
                    ids.Add(item.Id);
            }

            Assert.Equal([1, 2, 3, 4, 5], ids);
        }

        var sub = Assert.Single(await TracedPostgres.SqlSubsegmentsAsync(harness));
        Assert.Equal(5, (long?)sub.Json["metadata"]?["sql"]?["rows_read"]);
        Assert.NotNull(sub.Json["end_time"]);
    }

    [Fact]
    public async Task QueryFirst_and_QuerySingle_record_one_subsegment_each()
    {
        var table = await TracedPostgres.CreateItemsAsync();
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("dapper"))
        {
            await using var connection = await TracedPostgres.OpenAsync(harness);
            var first = $"select id, name from {table} order by id desc";
            var single = $"select id, name from {table} where id = @id";
            var (a, b) = IsAsync
                ? (await connection.QueryFirstAsync<Item>(first), await connection.QuerySingleAsync<Item>(single, new { id = 2 }))
                : (connection.QueryFirst<Item>(first), connection.QuerySingle<Item>(single, new { id = 2 }));
            Assert.Equal(new Item(5, "item 5"), a);
            Assert.Equal(new Item(2, "item 2"), b);
        }

        var subs = await TracedPostgres.SqlSubsegmentsAsync(harness);
        Assert.Equal(2, subs.Count);
        Assert.All(subs, s => Assert.NotNull(s.Json["end_time"]));
    }

    [Fact]
    public async Task QueryMultiple_reads_every_grid_under_one_subsegment()
    {
        var table = await TracedPostgres.CreateItemsAsync();
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("dapper"))
        {
            await using var connection = await TracedPostgres.OpenAsync(harness);
            var sql = $"select count(*) from {table}; select id, name from {table} where id > @min order by id";
            if (IsAsync)
            {
                await using var grid = await connection.QueryMultipleAsync(sql, new { min = 3 });
                Assert.Equal(5, await grid.ReadSingleAsync<long>());
                Assert.Equal([4, 5], (await grid.ReadAsync<Item>()).Select(i => i.Id));
            }
            else
            {
                using var grid = connection.QueryMultiple(sql, new { min = 3 });
                Assert.Equal(5, grid.ReadSingle<long>());
                Assert.Equal([4, 5], grid.Read<Item>().Select(i => i.Id));
            }
        }

        var sub = Assert.Single(await TracedPostgres.SqlSubsegmentsAsync(harness));
        Assert.Equal(3, (long?)sub.Json["metadata"]?["sql"]?["rows_read"]);
    }

    [Fact]
    public async Task Execute_with_a_list_records_one_subsegment_per_row()
    {
        var table = await TracedPostgres.CreateItemsAsync(rows: 0);
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("dapper"))
        {
            await using var connection = await TracedPostgres.OpenAsync(harness);
            var rows = new[] { new Item(10, "ten"), new Item(11, "eleven"), new Item(12, "twelve") };
            var sql = $"insert into {table} (id, name) values (@Id, @Name)";
            var affected = IsAsync ? await connection.ExecuteAsync(sql, rows) : connection.Execute(sql, rows);
            Assert.Equal(3, affected);
            Assert.Equal(3, await connection.ExecuteScalarAsync<long>($"select count(*) from {table}"));
        }

        var subs = await TracedPostgres.SqlSubsegmentsAsync(harness);
        Assert.Equal(4, subs.Count);
        Assert.Equal(3, subs.Count(s => TracedPostgres.Query(s)!.StartsWith("insert", StringComparison.Ordinal)));
        Assert.All(subs.Where(s => TracedPostgres.Query(s)!.StartsWith("insert", StringComparison.Ordinal)), s => Assert.Equal(1, (long?)s.Json["metadata"]?["sql"]?["rows_affected"]));
        Assert.DoesNotContain("eleven", harness.Receiver.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteScalar_returns_the_value()
    {
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("dapper"))
        {
            await using var connection = TracedPostgres.Connect(harness);
            var value = IsAsync
                ? await connection.ExecuteScalarAsync<int>("select @a + 1", new { a = 41 })
                : connection.ExecuteScalar<int>("select @a + 1", new { a = 41 });
            Assert.Equal(42, value);
        }

        var sub = Assert.Single(await TracedPostgres.SqlSubsegmentsAsync(harness));
        Assert.Equal("select @a + ?", TracedPostgres.Query(sub));
    }

    [Fact]
    public async Task Transaction_passed_to_Dapper_is_used_and_its_commit_traced()
    {
        var table = await TracedPostgres.CreateItemsAsync(rows: 0);
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("dapper"))
        {
            await using var connection = await TracedPostgres.OpenAsync(harness);
            await using (var rolledBack = await connection.BeginTransactionAsync())
            {
                var sql = $"insert into {table} (id, name) values (1, 'gone')";
                _ = IsAsync ? await connection.ExecuteAsync(sql, transaction: rolledBack) : connection.Execute(sql, transaction: rolledBack);
                if (IsAsync)
                    await rolledBack.RollbackAsync();
                else
                    rolledBack.Rollback();
            }

            using (var committed = connection.BeginTransaction())
            {
                var sql = $"insert into {table} (id, name) values (2, 'kept')";
                _ = IsAsync ? await connection.ExecuteAsync(sql, transaction: committed) : connection.Execute(sql, transaction: committed);
                if (IsAsync)
                    await committed.CommitAsync();
                else
                    committed.Commit();
            }

            Assert.Equal([2], await connection.QueryAsync<int>($"select id from {table}"));
        }

        var queries = (await TracedPostgres.SqlSubsegmentsAsync(harness)).Select(TracedPostgres.Query).ToList();
        Assert.Equal(["insert into " + table + " (id, name) values (?, ?)", "ROLLBACK", "insert into " + table + " (id, name) values (?, ?)", "COMMIT", "select id from " + table], queries);
    }

    [Fact]
    public async Task Stored_procedure_is_called_and_recorded_as_a_call()
    {
        var table = await TracedPostgres.CreateItemsAsync(rows: 0);
        var procedure = "add_" + table;
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("dapper"))
        {
            await using var connection = await TracedPostgres.OpenAsync(harness);
            await connection.ExecuteAsync($"create procedure {procedure}(p_id int, p_name text) language sql as $$ insert into {table} values (p_id, p_name) $$");
            var parameters = new { p_id = 7, p_name = "seven" };
            _ = IsAsync
                ? await connection.ExecuteAsync(procedure, parameters, commandType: CommandType.StoredProcedure)
                : connection.Execute(procedure, parameters, commandType: CommandType.StoredProcedure);
            Assert.Equal("seven", await connection.QuerySingleAsync<string>($"select name from {table} where id = 7"));
        }

        var call = (await TracedPostgres.SqlSubsegmentsAsync(harness))[1];
        Assert.Equal("call", (string?)call.Sql!["preparation"]);
        Assert.Equal(procedure, TracedPostgres.Query(call));
    }

    [Fact]
    public async Task Array_parameter_works_with_any()
    {
        var table = await TracedPostgres.CreateItemsAsync();
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("dapper"))
        {
            await using var connection = TracedPostgres.Connect(harness);
            int[] ids = [2, 4, 9];
            var sql = $"select id, name from {table} where id = any(@ids) order by id";
            var items = IsAsync
                ? (await connection.QueryAsync<Item>(sql, new { ids })).ToList()
                : [.. connection.Query<Item>(sql, new { ids })];
            Assert.Equal([new(2, "item 2"), new(4, "item 4")], items);
        }

        var sub = Assert.Single(await TracedPostgres.SqlSubsegmentsAsync(harness));
        Assert.Equal($"select id, name from {table} where id = any(@ids) order by id", TracedPostgres.Query(sub));
    }
}

public sealed class DapperTestsSync() : DapperTests(SyncOrAsync.Sync);

public sealed class DapperTestsAsync() : DapperTests(SyncOrAsync.Async);
