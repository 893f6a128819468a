using MySqlConnector;
using XRay.Testing;

namespace XRay.Data.Tests.Providers;

/// <summary>
/// Real MariaDB errors through MySqlConnector: each statement runs on the test server, in a database of its own with the
/// tables the statements fail on, and the <see cref="MySqlException"/> MySqlConnector throws is returned.
/// </summary>
internal static class MariaDbErrors
{
    private const string StrictMode = "SET SESSION sql_mode = 'STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'";

    private static readonly Lazy<Task<string>> Probe = new(CreateProbeAsync);

    /// <summary>The name of the database the statements run in; it appears in the server's messages.</summary>
    public static async Task<string> DatabaseAsync() => new MySqlConnectionStringBuilder(await Probe.Value).Database;

    /// <summary>A connection string for the probe database.</summary>
    public static Task<string> ConnectionStringAsync() => Probe.Value;

    /// <summary>Runs <paramref name="sql"/> (parameters <c>@v</c> and <c>@w</c>), which must fail, and returns the server's error.</summary>
    public static async Task<MySqlException> ErrorOfAsync(string sql, string? v = null, string? w = null)
    {
        await using var connection = await OpenAsync();
        return await ErrorOfAsync(connection, sql, v, w);
    }

    /// <summary>Runs <paramref name="sql"/> on an open connection to the probe database and returns the server's error.</summary>
    public static async Task<MySqlException> ErrorOfAsync(MySqlConnection connection, string sql, string? v = null, string? w = null)
    {
        await using var command = new MySqlCommand(sql, connection);
        command.Parameters.AddWithValue("@v", v);
        command.Parameters.AddWithValue("@w", w);
        try
        {
            await command.ExecuteNonQueryAsync();
        }
        catch (MySqlException error)
        {
            return error;
        }

        throw new InvalidOperationException($"Expected the server to refuse: {sql}");
    }

    /// <summary>An open connection to the probe database in strict mode (MariaDB's default), for many statements in a row.</summary>
    public static async Task<MySqlConnection> OpenAsync()
    {
        var connection = new MySqlConnection(await Probe.Value);
        await connection.OpenAsync();
        await using var strict = new MySqlCommand(StrictMode, connection);
        await strict.ExecuteNonQueryAsync();
        return connection;
    }

    private static async Task<string> CreateProbeAsync()
    {
        var database = "probe_" + Guid.NewGuid().ToString("N")[..10];
        await using (var server = new MySqlConnection(TestMariaDb.ConnectionString))
        {
            await server.OpenAsync();
            await using var create = new MySqlCommand($"CREATE DATABASE `{database}` CHARACTER SET utf8mb4", server);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new MySqlConnectionStringBuilder(TestMariaDb.ConnectionString) { Database = database }.ConnectionString;
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var tables = new MySqlCommand(
            """
            CREATE TABLE u (id int PRIMARY KEY, email varchar(255), UNIQUE KEY email_key (email)) ENGINE=InnoDB;
            CREATE TABLE dup (email varchar(255), UNIQUE KEY email (email)) ENGINE=InnoDB;
            CREATE TABLE ty (i int, d date, s varchar(2), t tinyint, e enum('a', 'b'), b int NOT NULL DEFAULT 0, note varchar(255)) ENGINE=InnoDB;
            CREATE TABLE ck (n int, CONSTRAINT n_pos CHECK (n > 0)) ENGINE=InnoDB;
            CREATE TABLE fk_parent (id int PRIMARY KEY) ENGINE=InnoDB;
            CREATE TABLE fk_child (pid int, CONSTRAINT fk_p FOREIGN KEY (pid) REFERENCES fk_parent (id)) ENGINE=InnoDB;
            INSERT INTO u VALUES (1, 'MARKuniq'), (2, 'MA''RK'' for key ''x');
            INSERT INTO ty (i) VALUES (1);
            """,
            connection);
        await tables.ExecuteNonQueryAsync();
        return connectionString;
    }
}
