using MySql.Data.MySqlClient;
using XRay.Testing;

namespace XRay.EFCore.Tests.Notes;

/// <summary>The notes table in a database of its own on the MariaDB test server, made once per test run through MySql.Data.</summary>
public static class MariaDbNotes
{
    private static readonly Lazy<Task<string>> Database = new(CreateAsync);

    /// <summary>A connection string for the notes database, as MySql.Data reads it.</summary>
    public static Task<string> ConnectionStringAsync() => Database.Value;

    private static async Task<string> CreateAsync()
    {
        var name = "notes_" + Guid.NewGuid().ToString("N")[..10];
        var server = new MySqlConnectionStringBuilder(TestMariaDb.ConnectionString);
        await using (var connection = new MySqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new MySqlCommand($"CREATE DATABASE `{name}` CHARACTER SET utf8mb4", connection);
            await create.ExecuteNonQueryAsync();
        }

        server.Database = name;
        await using (var connection = new MySqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new MySqlCommand(
                "CREATE TABLE notes (Id int AUTO_INCREMENT PRIMARY KEY, Body varchar(200) NOT NULL, UNIQUE KEY IX_notes_Body (Body)) ENGINE=InnoDB",
                connection);
            await create.ExecuteNonQueryAsync();
        }

        return server.ConnectionString;
    }
}
