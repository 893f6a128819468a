using System.Data.Odbc;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using MySqlConnector;
using Npgsql;
using XRay.Data.Tests.Ado;
using XRay.Data.Tests.Sql.Stubs;
using XRay.Testing;

namespace XRay.Data.Tests.Sql;

public sealed class ProviderNamingTests
{
    [Fact]
    public void Each_provider_gets_its_own_sanitizer_dialect()
    {
        Assert.Equal(SqlDialect.PostgreSql, ConnectionInfo.For(new NpgsqlConnection("Host=h")).Dialect);
        Assert.Equal(SqlDialect.SqlServer, ConnectionInfo.For(new SqlConnection("Server=h")).Dialect);
        Assert.Equal(SqlDialect.MySql, ConnectionInfo.For(new MySqlConnection("Server=h")).Dialect);
        Assert.Equal(SqlDialect.Sqlite, ConnectionInfo.For(new SqliteConnection("Data Source=dialect.db")).Dialect);
        Assert.Equal(SqlDialect.Generic, ConnectionInfo.For(new OdbcConnection("DSN=unknown")).Dialect);
        Assert.Equal(SqlDialect.Generic, ConnectionInfo.For(new StubDbConnection("Host=h")).Dialect);
    }

    [Theory]
    [InlineData("Driver={PostgreSQL Unicode};Server=pg.internal;Port=5432;Database=app;Uid=u;Pwd={Zq1Xv;x}", "PostgreSQL", SqlDialect.PostgreSql, "app@pg.internal")]
    [InlineData("Driver={PostgreSQL ANSI(x64)};Servername=pg.internal;Database=app", "PostgreSQL", SqlDialect.PostgreSql, "app@pg.internal")]
    [InlineData("Driver={MySQL ODBC 8.0 Unicode Driver};Server=my.internal;Database=shop;User=u;Password=Zq2Xv", "MySQL", SqlDialect.MySql, "shop@my.internal")]
    [InlineData("Driver={MariaDB ODBC 3.1 Driver};Server=maria.internal;Database=shop", "MariaDB", SqlDialect.MySql, "shop@maria.internal")]
    [InlineData("Driver={ODBC Driver 18 for SQL Server};Server=tcp:sql.internal,1433;Database=orders;UID=sa;PWD={Zq3Xv}}}", "Microsoft SQL Server", SqlDialect.SqlServer, "orders@sql.internal")]
    [InlineData("Driver={SQL Server};Server=sql.internal;Database=orders", "Microsoft SQL Server", SqlDialect.SqlServer, "orders@sql.internal")]
    [InlineData("Driver={Oracle in OraClient19Home1};Dbq=orcl;Uid=u;Pwd=Zq9Xv", "ODBC", SqlDialect.Generic, "ODBC")]
    [InlineData("DSN=Warehouse;Uid=u;Pwd=Zq4Xv", "ODBC", SqlDialect.Generic, "Warehouse")]
    public void Odbc_takes_its_engine_from_the_driver_name(string connectionString, string databaseType, SqlDialect dialect, string name)
    {
        var info = ConnectionInfo.For(new OdbcConnection(connectionString));

        Assert.Equal(databaseType, info.DatabaseType);
        Assert.Equal(dialect, info.Dialect);
        Assert.Equal(name, info.SubsegmentName);
        Assert.DoesNotMatch(@"Zq\dXv", info.ConnectionString);
        Assert.Matches(@"^System\.Data\.Odbc \d+\.\d+\.\d+", info.DriverVersion);
    }

    // System.Data.OleDb works on Windows only (its connection cannot be made here): the engine its provider names is read
    // as ConnectionInfo reads it, from the description OLE DB gets and the connection string's Provider.
    [Theory]
    [InlineData("Provider=MSOLEDBSQL;Data Source=sql.internal;Initial Catalog=orders;User ID=sa;Password=Zq5Xv", "Microsoft SQL Server", SqlDialect.SqlServer)]
    [InlineData("Provider=SQLOLEDB.1;Data Source=sql.internal;Initial Catalog=orders", "Microsoft SQL Server", SqlDialect.SqlServer)]
    [InlineData("Provider=PostgreSQL OLE DB Provider;Data Source=pg.internal;Location=orders", "PostgreSQL", SqlDialect.PostgreSql)]
    [InlineData("Provider=Microsoft.ACE.OLEDB.12.0;Data Source=book.xlsx", "OLE DB", SqlDialect.Generic)]
    public void Ole_db_takes_its_engine_from_the_provider_name(string connectionString, string databaseType, SqlDialect dialect)
    {
        var oleDb = ProviderDescription.Of(typeof(System.Data.OleDb.OleDbConnection));
        var source = ConnectionSource.Parse(connectionString, oleDb.Grammar, oleDb.FileDataSource);
        var described = oleDb.WithDriver(source.Driver);

        Assert.Equal(databaseType, described.DatabaseType);
        Assert.Equal(dialect, described.Dialect);
        Assert.DoesNotMatch(@"Zq\dXv", source.ConnectionString);
    }

    [Theory]
    [InlineData("5.5.5-10.11.19-MariaDB-0+deb12u1", "MariaDB", "10.11.19-MariaDB-0+deb12u1")]
    [InlineData("11.4.5-MariaDB-ubu2404", "MariaDB", "11.4.5-MariaDB-ubu2404")]
    [InlineData("8.0.36", "MySQL", "8.0.36")]
    [InlineData("5.5.5-8.0.36", "MySQL", "5.5.5-8.0.36")]
    public void A_mysql_server_version_that_names_mariadb_is_mariadb_without_the_compatibility_prefix(string serverVersion, string databaseType, string version)
        => Assert.Equal((databaseType, version), ProviderDescription.Server("MySQL", serverVersion));

    [Fact]
    public async Task MySqlConnector_on_mariadb_records_mariadb_and_its_own_version_once_open()
    {
        await using var connection = new MySqlConnection(TestMariaDb.ConnectionString);
        var closed = ConnectionInfo.For(connection);
        Assert.Equal(SqlDialect.MySql, closed.Dialect);
        Assert.Null(closed.DatabaseVersion(connection));

        await connection.OpenAsync();
        var open = ConnectionInfo.For(connection);

        Assert.Equal("MySQL", closed.DatabaseType);
        Assert.Equal(closed.SubsegmentName, open.SubsegmentName);
        Assert.Equal("MariaDB", open.DatabaseType);
        Assert.Contains("MariaDB", connection.ServerVersion, StringComparison.Ordinal);
        Assert.Equal(connection.ServerVersion.Replace("5.5.5-", string.Empty, StringComparison.Ordinal), open.DatabaseVersion(connection));
        Assert.Matches(@"^1\d\.\d+\.\d+-MariaDB", open.DatabaseVersion(connection));
    }

    [Fact]
    public void The_server_version_is_read_once_and_kept()
    {
        var connection = new StubDbConnection($"Server=once-{Guid.NewGuid():N}", serverVersion: "1.2.3");
        connection.Open();
        var info = ConnectionInfo.For(connection);
        connection.ServerVersionFailure = new InvalidOperationException("asked twice");

        Assert.Equal("1.2.3", info.DatabaseVersion(connection));
        Assert.Equal("1.2.3", ConnectionInfo.For(connection).DatabaseVersion(connection));
    }

    [Theory]
    [InlineData("/home/alice/projects/orders.db", "orders.db")]
    [InlineData(@"C:\Users\alice\data\orders.db", "orders.db")]
    [InlineData("orders.db", "orders.db")]
    [InlineData("file:/home/alice/orders.db?mode=ro&cache=shared", "orders.db")]
    [InlineData("file:///home/alice/orders.db", "orders.db")]
    [InlineData("|DataDirectory|/orders.db", "orders.db")]
    public void Sqlite_files_are_named_by_file_name_without_folders(string dataSource, string fileName)
    {
        var info = ConnectionInfo.For(new SqliteConnection($"Data Source={dataSource};Password=Zq6Xv"));

        Assert.Matches("^main@" + System.Text.RegularExpressions.Regex.Escape(fileName) + "#[0-9a-f]{8}$", info.SubsegmentName);
        Assert.Equal("SQLite", info.DatabaseType);
        Assert.DoesNotContain("alice", info.SubsegmentName, StringComparison.Ordinal);
        Assert.DoesNotContain("alice", info.ConnectionString, StringComparison.Ordinal);
        Assert.DoesNotContain("Zq6Xv", info.ConnectionString, StringComparison.Ordinal);
        Assert.Contains(fileName, info.ConnectionString, StringComparison.Ordinal);
        Assert.Matches(@"^Microsoft\.Data\.Sqlite \d+\.\d+\.\d+", info.DriverVersion);
    }

    [Fact]
    public void Distinct_sqlite_files_of_the_same_name_stay_distinct()
    {
        var first = ConnectionInfo.For(new SqliteConnection("Data Source=/srv/tenant-a/orders.db"));
        var second = ConnectionInfo.For(new SqliteConnection("Data Source=/srv/tenant-b/orders.db"));
        var firstAgain = ConnectionInfo.For(new SqliteConnection("Data Source=/srv/tenant-a/orders.db;Cache=Shared"));

        Assert.StartsWith("main@orders.db#", first.SubsegmentName, StringComparison.Ordinal);
        Assert.StartsWith("main@orders.db#", second.SubsegmentName, StringComparison.Ordinal);
        Assert.NotEqual(first.SubsegmentName, second.SubsegmentName);
        Assert.Equal(first.SubsegmentName, firstAgain.SubsegmentName);
    }

    [Theory]
    [InlineData("Data Source=orders.db?key=Zq10Xv")]
    [InlineData("Data Source=u:Zq10Xv@orders.db")]
    [InlineData("Data Source=\"/srv/a;Password=Zq10Xv\"")]
    public void A_sqlite_data_source_that_is_not_a_plain_file_name_is_not_recorded(string connectionString)
    {
        var info = ConnectionInfo.For(new SqliteConnection(connectionString));

        Assert.DoesNotContain("Zq10Xv", info.SubsegmentName + info.ConnectionString, StringComparison.Ordinal);
        Assert.Equal(SqlDialect.Sqlite, info.Dialect);
    }

    [Fact]
    public void A_sqlite_file_named_by_the_provider_loses_its_folders_and_user_information()
        => Assert.Matches("^orders.db#[0-9a-f]{8}$", SqliteDataSource.Name("/home/alice/u:Zq11Xv@orders.db", mode: null));

    [Theory]
    [InlineData("Data Source=:memory:", "main@:memory:")]
    [InlineData("Data Source=file::memory:?cache=shared", "main@:memory:")]
    [InlineData("Data Source=file:orders.db?mode=memory&cache=shared", "main@:memory:orders.db")]
    [InlineData("Data Source=sessions;Mode=Memory;Cache=Shared", "main@:memory:sessions")]
    [InlineData("Data Source=", "main@:temp:")]
    public void Sqlite_memory_and_temporary_databases_are_named_recognisably(string connectionString, string name)
        => Assert.Equal(name, ConnectionInfo.For(new SqliteConnection(connectionString)).SubsegmentName);

    [Fact]
    public async Task A_real_sqlite_command_records_the_file_name_and_no_folder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "xray-Zq7Xv-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            await using var harness = new TracingHarness();
            using (harness.Recorder.BeginSegment("sqlite"))
            {
                await using var connection = new TracedDbConnection(new SqliteConnection($"Data Source={Path.Combine(folder, "shop.db")};Pooling=False"), harness.Recorder);
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = "select 'Zq8Xv' || 1";
                Assert.Equal("Zq8Xv1", await command.ExecuteScalarAsync());
            }

            var sub = Assert.Single(await TracedPostgres.SqlSubsegmentsAsync(harness));
            Assert.Matches("^main@shop.db#[0-9a-f]{8}$", sub.Name);
            Assert.Equal("SQLite", (string?)sub.Sql!["database_type"]);
            Assert.Equal("Data Source=shop.db;Pooling=False", (string?)sub.Sql["connection_string"]);
            Assert.Matches(@"^3\.\d+", (string?)sub.Sql["database_version"]);
            Assert.DoesNotContain("Zq7Xv", harness.Receiver.AllText(), StringComparison.Ordinal);
            Assert.DoesNotContain("Zq8Xv", harness.Receiver.AllText(), StringComparison.Ordinal);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
