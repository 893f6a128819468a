using System.Text;
using Microsoft.Data.Sqlite;
using MySqlConnector;
using Npgsql;
using XRay.Data.Tests.Ado.Fakes;
using XRay.Data.Tests.Providers;

namespace XRay.Data.Tests.Sql;

/// <summary>
/// Values built to break the grammar (quotes of every kind, doubled and escaped quotes, backslashes, parentheses, new
/// lines, text shaped like the engine's own wording, unicode) planted where each engine puts its values: no piece of
/// any value survives, and the wording before the first value does. MariaDB plants them itself: each value goes into a
/// statement the test server refuses, and its real error is redacted.
/// </summary>
public sealed class DbExceptionRedactorAdversarialTests
{
    private const int ValuesPerShape = 300;

    private static readonly string[] Separators =
    [
        "'", "\"", "''", "\"\"", "`", "\\", "\\'", "\\\"", "(", ")", ")=(", "), (", ", ", " ", "\n", "\r\n", "\t",
        "\n\nDETAIL: ", "DETAIL: Key (a)=(", "\nPOSITION: 3\n", "' for key '", "' for column ", "' at line ", "'.", "\".",
        "SQLite Error 1: '", " is out of range for type ", "Failing row contains (", " already exists.", "value is (",
        "value = ", "relation \"", "constraint '", "»", "«", "„", "“", "”", "‘", "’", "「", "」", "0x", "?", "é€😀", "\u0000",
        "doesn't", "P0001: ",
    ];

    public static TheoryData<string> Shapes =>
    [
        "pg 22P02", "pg 22003", "pg float", "pg json", "pg 42601", "pg unterminated", "pg to_date", "pg 23505", "pg 23505 two columns",
        "pg 23514", "pg 23514 two values", "pg 23503", "pg 23P01", "pg partition", "pg raise", "pg strict",
        "pg text 22P02", "pg text 23505", "pg text 23514", "pg text 42601",
        "mysql 1062", "mysql 1366", "mysql 1366 mysql8", "mysql 1292", "mysql 1064", "mysql signal",
        "sqlserver 2627", "sqlserver 245", "sqlserver 2628", "sqlserver 102", "sqlserver 50000",
        "sqlite json path", "sqlite near", "sqlite raise", "sqlite function",
        "format", "unknown two kinds", "unknown translated",
    ];

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task No_piece_of_a_planted_value_survives(string shape)
    {
        var seed = Random.Shared.Next();
        var random = new Random(seed);
        await using var mariaDb = shape.StartsWith("mysql", StringComparison.Ordinal) ? await MariaDbErrors.OpenAsync() : null;
        for (var n = 0; n < ValuesPerShape; n++)
        {
            var pieces = new List<string>();
            var value = Value(random, pieces, "a");
            var second = Value(random, pieces, "b");
            var (exception, wording) = mariaDb is null ? Plant(shape, value, second) : await PlantInMariaDbAsync(mariaDb, shape, value);
            var redacted = DbExceptionRedactor.Redact(exception, exception is PostgreSqlTextException ? SqlDialect.PostgreSql : SqlDialect.Generic);

            Assert.NotNull(redacted);
            foreach (var piece in pieces)
                Assert.False(redacted.Contains(piece, StringComparison.Ordinal), $"seed {seed}: '{piece}' of {Escape(value)} / {Escape(second)} survives in {Escape(redacted)}");
            // A SIGNAL's text ends at a NUL on the server: one that begins with a NUL arrives empty, and nothing is recorded.
            if (exception.Message.Length > 0)
                Assert.True(redacted.ReplaceLineEndings("\n").StartsWith(wording, StringComparison.Ordinal), $"seed {seed}: wording '{wording}' lost in {Escape(redacted)}");
        }
    }

    /// <summary>Unique pieces joined by separators that imitate the grammar.</summary>
    private static string Value(Random random, List<string> pieces, string tag)
    {
        var value = new StringBuilder();
        var count = random.Next(1, 5);
        for (var i = 0; i < count; i++)
        {
            if (i > 0 || random.Next(3) == 0)
                value.Append(Separators[random.Next(Separators.Length)]);
            var piece = $"zq{tag}{pieces.Count}{random.Next(100_000, 999_999)}";
            pieces.Add(piece);
            value.Append(piece);
            if (random.Next(3) == 0)
                value.Append(Separators[random.Next(Separators.Length)]);
        }

        return value.ToString();
    }

    private static (Exception Exception, string Wording) Plant(string shape, string v, string w) => shape switch
    {
        "pg 22P02" => (Postgres("22P02", $"invalid input syntax for type integer: \"{v}\"", routine: "pg_strtoint32"), "22P02: invalid input syntax for type integer: ?"),
        "pg 22003" => (Postgres("22003", $"value \"{v}\" is out of range for type smallint"), "22003: value ?"),
        "pg float" => (Postgres("22003", $"\"{v}\" is out of range for type double precision"), "22003: ?"),
        "pg json" => (Postgres("22P02", "invalid input syntax for type json", $"Token \"{v}\" is invalid."), "22P02: invalid input syntax for type json"),
        "pg 42601" => (Postgres("42601", $"syntax error at or near \"'{v}'\"", position: 12), "42601: syntax error at or near ?"),
        "pg unterminated" => (Postgres("42601", $"unterminated quoted string at or near \"'{v}\"", position: 12), "42601: unterminated quoted string at or near ?"),
        "pg to_date" => (Postgres("22007", $"invalid value \"{v}\" for \"YYYY\"", "Value must be an integer."), "22007: invalid value ?"),
        "pg 23505" => (Postgres("23505", "duplicate key value violates unique constraint \"users_email_key\"", $"Key (email)=({v}) already exists."), "23505: duplicate key value violates unique constraint \"users_email_key\"\n\nDETAIL: Key (email)=?"),
        "pg 23505 two columns" => (Postgres("23505", "duplicate key value violates unique constraint \"k\"", $"Key (a, lower(b))=({v}, {w}) already exists."), "23505: duplicate key value violates unique constraint \"k\"\n\nDETAIL: Key (a, lower(b))=?"),
        "pg 23514" => (Postgres("23514", "new row for relation \"orders\" violates check constraint \"positive\"", $"Failing row contains (-1, {v})."), "23514: new row for relation \"orders\" violates check constraint \"positive\"\n\nDETAIL: Failing row contains ?"),
        "pg 23514 two values" => (Postgres("23514", "new row for relation \"orders\" violates check constraint \"positive\"", $"Failing row contains ({v}, 5, {w}, null)."), "23514: new row for relation \"orders\" violates check constraint \"positive\"\n\nDETAIL: Failing row contains ?"),
        "pg 23503" => (Postgres("23503", "insert or update on table \"lines\" violates foreign key constraint \"lines_order_fkey\"", $"Key (order_id)=({v}) is not present in table \"orders\"."), "23503: insert or update on table \"lines\" violates foreign key constraint \"lines_order_fkey\"\n\nDETAIL: Key (order_id)=?"),
        "pg 23P01" => (Postgres("23P01", "conflicting key value violates exclusion constraint \"no_overlap\"", $"Key (r)=({v}) conflicts with existing key (r)=({w})."), "23P01: conflicting key value violates exclusion constraint \"no_overlap\"\n\nDETAIL: Key (r)=?"),
        "pg partition" => (Postgres("23514", "no partition of relation \"parted\" found for row", $"Partition key of the failing row contains (k) = ({v})."), "23514: no partition of relation \"parted\" found for row\n\nDETAIL: Partition key of the failing row contains (k) = ?"),
        "pg raise" => (Postgres("23505", $"rejected {v}", $"because {w}", routine: "exec_stmt_raise"), "23505: ?"),
        "pg strict" => (Postgres("P0002", "query returned no rows", $"parameters: $1 = '{v}', $2 = '{w}'", routine: "exec_stmt_execsql"), "P0002: ?"),
        "pg text 22P02" => (AsText(Postgres("22P02", $"invalid input syntax for type integer: \"{v}\"")), "22P02: invalid input syntax for type integer: ?"),
        "pg text 23505" => (AsText(Postgres("23505", "duplicate key value violates unique constraint \"users_email_key\"", $"Key (email)=({v}) already exists.")), "23505: duplicate key value violates unique constraint \"users_email_key\"\n\nDETAIL: Key (email)=?"),
        "pg text 23514" => (AsText(Postgres("23514", "new row for relation \"orders\" violates check constraint \"positive\"", $"Failing row contains ({v}, 5, {w}).")), "23514: new row for relation \"orders\" violates check constraint \"positive\"\n\nDETAIL: Failing row contains ?"),
        "pg text 42601" => (AsText(Postgres("42601", $"syntax error at or near \"'{v}'\"", position: 4)), "42601: syntax error at or near ?"),
        "sqlserver 2627" => (SqlServerErrors.Of((2627, $"Violation of PRIMARY KEY constraint 'PK_Orders'. Cannot insert duplicate key in object 'dbo.Orders'. The duplicate key value is ({v}, {w}).")), "Violation of PRIMARY KEY constraint 'PK_Orders'. Cannot insert duplicate key in object 'dbo.Orders'. The duplicate key value is ?"),
        "sqlserver 245" => (SqlServerErrors.Of((245, $"Conversion failed when converting the nvarchar value '{v}' to data type int.")), "Conversion failed when converting the nvarchar value ?"),
        "sqlserver 2628" => (SqlServerErrors.Of((2628, $"String or binary data would be truncated in table 'shop.dbo.Orders', column 'Note'. Truncated value: '{v}'.")), "String or binary data would be truncated in table 'shop.dbo.Orders', column 'Note'. Truncated value: ?"),
        "sqlserver 102" => (SqlServerErrors.Of((102, $"Incorrect syntax near '{v}'."), (3621, "The statement has been terminated.")), "Incorrect syntax near ?"),
        "sqlserver 50000" => (SqlServerErrors.Of((50000, v), (0, w)), "?"),
        "sqlite json path" => (new SqliteException($"SQLite Error 1: 'bad JSON path: '{v}''.", 1, 1), "SQLite Error 1: 'bad JSON path: ?"),
        "sqlite near" => (new SqliteException($"SQLite Error 1: 'near \"{v}\": syntax error'.", 1, 1), "SQLite Error 1: 'near ?"),
        "sqlite raise" => (new SqliteException($"SQLite Error 19: '{v}'.", 19, 1811), "SQLite Error 19: '?'."),
        "sqlite function" => (new SqliteException($"SQLite Error 1: 'The input string '{v}' was not in a correct format.'.", 1, 1), "SQLite Error 1: 'The input string ?"),
        "format" => (new FormatException($"The input string '{v}' was not in a correct format."), "The input string ?"),
        "unknown translated" => (new FakeDbException($"Wert »{v}« ungültig, „{w}“ erwartet", null, 0), "Wert ?"),
        "unknown two kinds" => (new FakeDbException($"Value \"{v}\" and '{w}' are not valid", null, 0), "Value ?"),
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, null),
    };

    /// <summary>
    /// The value planted by the MariaDB test server itself: the statement fails on it and MySqlConnector throws the
    /// server's error. A leading <c>x</c> keeps a value that starts with digits from being read as a number.
    /// </summary>
    private static async Task<(Exception Exception, string Wording)> PlantInMariaDbAsync(MySqlConnection connection, string shape, string v) => shape switch
    {
        "mysql 1062" => (await MariaDbErrors.ErrorOfAsync(connection, "INSERT INTO dup VALUES (@v), (@v)", v), "Duplicate entry ?"),
        "mysql 1366" => (await MariaDbErrors.ErrorOfAsync(connection, "INSERT INTO ty (i) VALUES (CONCAT('x', @v))", v), "Incorrect integer value: ?"),
        // MySQL 8's shape, which MariaDB does not produce: the same server sends it through SIGNAL.
        "mysql 1366 mysql8" => (await MariaDbErrors.ErrorOfAsync(connection, "SIGNAL SQLSTATE 'HY000' SET MYSQL_ERRNO = 1366, MESSAGE_TEXT = @v", $"Incorrect integer value: '{v}' for column 'total' at row 1"), "Incorrect integer value: ?"),
        "mysql 1292" => (await MariaDbErrors.ErrorOfAsync(connection, "UPDATE ty SET b = 1 WHERE i = CONCAT('x', @v)", v), "Truncated incorrect DECIMAL value: ?"),
        "mysql 1064" => (await MariaDbErrors.ErrorOfAsync(connection, "SELECT * FROM WHERE @v", v), "You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use near ?"),
        "mysql signal" => (await MariaDbErrors.ErrorOfAsync(connection, "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = @v", v), "?"),
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, null),
    };

    private static PostgresException Postgres(string state, string text, string? detail = null, int position = 0, string? routine = null)
        => new(text, "ERROR", "ERROR", state, detail: detail, position: position, routine: routine);

    /// <summary>The same message from a provider the redactor knows only by the connection's dialect.</summary>
    private static PostgreSqlTextException AsText(PostgresException exception) => new PostgreSqlTextException(exception.Message, exception.SqlState);

    private static string Escape(string text) => text.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);

    /// <summary>A PostgreSQL error from a wrapper provider: the message as text, read through <see cref="SqlDialect.PostgreSql"/>.</summary>
    private sealed class PostgreSqlTextException(string message, string sqlState) : System.Data.Common.DbException(message)
    {
        public override string SqlState => sqlState;
    }
}
