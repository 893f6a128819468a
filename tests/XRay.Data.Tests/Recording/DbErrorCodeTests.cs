using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using XRay.Data.Tests.Ado.Fakes;
using XRay.Testing;

namespace XRay.Data.Tests.Recording;

public sealed class DbErrorCodeTests
{
    [Fact]
    public async Task SQLite_failures_carry_its_result_code_and_no_sql_state()
    {
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("svc"))
        {
            await using var connection = new TracedDbConnection(new SqliteConnection("Data Source=:memory:"), harness.Recorder);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "create table t (id integer primary key); insert into t values (1)";
            await command.ExecuteNonQueryAsync();
            command.CommandText = "insert into t values (1)";
            var error = await Assert.ThrowsAsync<SqliteException>(() => command.ExecuteNonQueryAsync());
            Assert.Equal(19, error.SqliteErrorCode);
        }

        var failed = (await harness.SegmentsAsync()).Single().Subsegments.Single(sub => sub.Flag("fault"));
        Assert.Equal(19, (long?)failed.Json["annotations"]?["error_code"]);
        Assert.Null(failed.Json["annotations"]?["sql_state"]);
    }

    [Fact]
    public async Task PostgreSQL_failures_carry_their_sql_state()
    {
        await using var harness = new TracingHarness();
        using (harness.Recorder.BeginSegment("svc"))
        {
            await using var connection = new TracedDbConnection(new NpgsqlConnection(TestPostgres.ConnectionString), harness.Recorder);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "select 1/0";
            await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteScalarAsync());
        }

        var failed = (await harness.SegmentsAsync()).Single().Subsegments.Single(sub => sub.Flag("fault"));
        Assert.Equal("22012", (string?)failed.Json["annotations"]?["sql_state"]);
        Assert.Null(failed.Json["annotations"]?["error_code"]);
    }

    [Fact]
    public void A_native_number_is_read_whatever_its_type_and_zero_means_none()
    {
        Assert.Equal(new DbErrorCode("40001", 1205), DbErrorCode.Of(new FakeDbException("deadlock", "40001", 1205)));
        Assert.Equal(new DbErrorCode(null, null), DbErrorCode.Of(new FakeDbException("no code", null, 0)));
        Assert.Equal(new DbErrorCode(null, 2067), DbErrorCode.Of(new EnumCodedException(EnumCode.Unique)));
        Assert.Equal(new DbErrorCode(null, 7), DbErrorCode.Of(new InvalidOperationException("wrapped", new FakeDbException("inner", " ", 7))));
        Assert.Equal(default, DbErrorCode.Of(new InvalidOperationException("not a database error")));
    }

    private enum EnumCode
    {
        Unique = 2067,
    }

    private sealed class EnumCodedException(EnumCode code) : DbException("enum coded")
    {
        public EnumCode ResultCode => code;
    }
}
