using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using XRay.Data.Tests.Providers;

namespace XRay.Data.Tests.Sql;

/// <summary>
/// The message shapes each engine really produces (PostgreSQL 15 through Npgsql, MariaDB's own errors from the test
/// server through MySqlConnector, SQLite through Microsoft.Data.Sqlite, SQL Server's <c>sys.messages</c> texts in
/// SqlClient's own exceptions), with the planted value, and what is recorded of them.
/// </summary>
public sealed class DbExceptionRedactorTests
{
    public static TheoryData<string, string, string?, int, string?, string> PostgreSqlMessages => new()
    {
        { "22P02", "invalid input syntax for type integer: \"MARK22p02\"", null, 0, "pg_strtoint32", "22P02: invalid input syntax for type integer: ?" },
        { "22P02", "invalid input syntax for type integer: \"MA\"RK\" or \"x\"", null, 0, "pg_strtoint32", "22P02: invalid input syntax for type integer: ?" },
        { "22P02", "invalid input syntax for type integer: \"MARKa\n\nDETAIL: Key (x)=(MARKb) already exists.\"", null, 0, "pg_strtoint32", "22P02: invalid input syntax for type integer: ?" },
        { "22P02", "invalid input syntax for type integer: \"MARK\\\"\\\"", null, 0, "pg_strtoint32", "22P02: invalid input syntax for type integer: ?" },
        { "22P02", "invalid input syntax for type integer: \"MARKé€😀\"", null, 0, "pg_strtoint32", "22P02: invalid input syntax for type integer: ?" },
        { "22003", "value \"99999123\" is out of range for type smallint", null, 0, "pg_strtoint16", "22003: value ? is out of range for type smallint" },
        { "22003", "\"1e99999\" is out of range for type double precision", null, 0, "float8in_internal_opt_error", "22003: ? is out of range for type double precision" },
        { "22P02", "invalid input value for enum mood: \"MARKenum\"", null, 0, "enum_in", "22P02: invalid input value for enum mood: ?" },
        { "22P02", "invalid input syntax for type json", "Token \"MARKjson\" is invalid.", 0, "json_ereport_error", "22P02: invalid input syntax for type json\n\nDETAIL: Token ? is invalid." },
        { "22P02", "malformed array literal: \"MARKarr\"", "Array value must start with \"{\" or dimension information.", 0, "array_in", "22P02: malformed array literal: ?\n\nDETAIL: Array value must start with ? or dimension information." },
        { "22007", "invalid input syntax for type date: \"MARKdate\"", null, 0, "DateTimeParseError", "22007: invalid input syntax for type date: ?" },
        { "22008", "date/time field value out of range: \"2020-13-45\"", null, 0, "DateTimeParseError", "22008: date/time field value out of range: ?" },
        { "22007", "invalid value \"MARK\" for \"YYYY\"", "Value must be an integer.", 0, "from_char_parse_int_len", "22007: invalid value ?\n\nDETAIL: Value must be an integer." },
        { "22021", "invalid byte sequence for encoding \"UTF8\": 0xff", null, 0, "report_invalid_encoding_int", "22021: invalid byte sequence for encoding ?: ?" },
        { "22023", "time zone \"MARKtz\" not recognized", null, 0, "timestamptz_zone", "22023: time zone ? not recognized" },
        { "42P01", "relation \"markregclass\" does not exist", null, 0, "RangeVarGetRelidExtended", "42P01: relation ? does not exist" },
        { "42704", "unrecognized configuration parameter \"MARKsetting\"", null, 0, "find_option", "42704: unrecognized configuration parameter ?" },
        { "42601", "syntax error at or near \"'MARKsyntax'\"", null, 10, "scanner_yyerror", "42601: syntax error at or near ?\n\nPOSITION: 10" },
        { "42601", "unterminated quoted string at or near \"'MARKunterminated\"", null, 8, "scanner_yyerror", "42601: unterminated quoted string at or near ?\n\nPOSITION: 8" },
        { "42601", "unterminated dollar-quoted string at or near \"$q$MARKdollar\"", null, 8, "scanner_yyerror", "42601: unterminated dollar-quoted string at or near ?\n\nPOSITION: 8" },
        { "42703", "column \"MARKcol\" does not exist", null, 8, "errorMissingColumn", "42703: column ? does not exist\n\nPOSITION: 8" },
        { "23505", "duplicate key value violates unique constraint \"u_email_key\"", "Key (email)=(MARKuniq1) already exists.", 0, "_bt_check_unique", "23505: duplicate key value violates unique constraint \"u_email_key\"\n\nDETAIL: Key (email)=? already exists." },
        { "23505", "duplicate key value violates unique constraint \"multi_a_b_key\"", "Key (a, b)=(1, MARKmulti) already exists.", 0, "_bt_check_unique", "23505: duplicate key value violates unique constraint \"multi_a_b_key\"\n\nDETAIL: Key (a, b)=? already exists." },
        { "23505", "duplicate key value violates unique constraint \"expr_lower\"", "Key (lower(e))=(markexpr) already exists.", 0, "_bt_check_unique", "23505: duplicate key value violates unique constraint \"expr_lower\"\n\nDETAIL: Key (lower(e))=? already exists." },
        { "23505", "duplicate key value violates unique constraint \"u_email_key\"", "Key (email)=(MA) already exists.\n\nDETAIL: Key (x)=(RK\"q\") already exists.", 0, "_bt_check_unique", "23505: duplicate key value violates unique constraint \"u_email_key\"\n\nDETAIL: Key (email)=? already exists." },
        { "23514", "new row for relation \"ck\" violates check constraint \"ck_n_check\"", "Failing row contains (-1, MARKcheck).", 0, "ExecConstraints", "23514: new row for relation \"ck\" violates check constraint \"ck_n_check\"\n\nDETAIL: Failing row contains ?." },
        { "23514", "new row for relation \"ck\" violates check constraint \"ck_n_check\"", "Failing row contains (-1, MA(RK), (x)\n)).", 0, "ExecConstraints", "23514: new row for relation \"ck\" violates check constraint \"ck_n_check\"\n\nDETAIL: Failing row contains ?." },
        { "23502", "null value in column \"b\" of relation \"nn\" violates not-null constraint", "Failing row contains (12345, null).", 0, "ExecConstraints", "23502: null value in column \"b\" of relation \"nn\" violates not-null constraint\n\nDETAIL: Failing row contains ?." },
        { "23503", "insert or update on table \"fk_child\" violates foreign key constraint \"fk_child_pid_fkey\"", "Key (pid)=(MARKfk) is not present in table \"fk_parent\".", 0, "ri_ReportViolation", "23503: insert or update on table \"fk_child\" violates foreign key constraint \"fk_child_pid_fkey\"\n\nDETAIL: Key (pid)=? is not present in table \"fk_parent\"." },
        { "23503", "update or delete on table \"fk_parent\" violates foreign key constraint \"fk_child_pid_fkey\" on table \"fk_child\"", "Key (id)=(p) is still referenced from table \"fk_child\".", 0, "ri_ReportViolation", "23503: update or delete on table \"fk_parent\" violates foreign key constraint \"fk_child_pid_fkey\" on table \"fk_child\"\n\nDETAIL: Key (id)=? is still referenced from table \"fk_child\"." },
        { "23P01", "conflicting key value violates exclusion constraint \"ex_r_excl\"", "Key (r)=([5,7)) conflicts with existing key (r)=([1,10)).", 0, "check_exclusion_or_unique_constraint", "23P01: conflicting key value violates exclusion constraint \"ex_r_excl\"\n\nDETAIL: Key (r)=?." },
        { "23514", "no partition of relation \"parted\" found for row", "Partition key of the failing row contains (k) = (MARKpart).", 0, "ExecFindPartition", "23514: no partition of relation \"parted\" found for row\n\nDETAIL: Partition key of the failing row contains (k) = ?." },
        { "22012", "division by zero", null, 0, "int4div", "22012: division by zero" },
        { "P0001", "value MARKraise rejected", null, 0, "exec_stmt_raise", "P0001: ?" },
        { "23505", "dup MARKraise2", "d MARKraise2", 0, "exec_stmt_raise", "23505: ?" },
        { "U0001", "MARKraise3", null, 0, "exec_stmt_raise", "U0001: ?" },
        { "P0004", "assert MARKassert", null, 0, "exec_stmt_assert", "P0004: ?" },
        { "P0002", "query returned no rows", "parameters: v = 'MARKstrict'", 0, "exec_stmt_execsql", "P0002: ?" },
        { "23505", "duplicate key value violates unique constraint \"u_email_key\"", "Detail redacted as it may contain sensitive data. Specify 'Include Error Detail' in the connection string to include this information.", 0, "_bt_check_unique", "23505: duplicate key value violates unique constraint \"u_email_key\"\n\nDETAIL: Detail redacted as it may contain sensitive data. Specify 'Include Error Detail' in the connection string to include this information." },
    };

    [Theory]
    [MemberData(nameof(PostgreSqlMessages))]
    public void PostgreSql_messages_keep_sqlstate_and_wording_and_lose_values(string state, string text, string? detail, int position, string? routine, string expected)
    {
        var exception = new PostgresException(text, "ERROR", "ERROR", state, detail: detail, position: position, routine: routine);

        Assert.Equal(expected, DbExceptionRedactor.Redact(exception)?.ReplaceLineEndings("\n"));
    }

    /// <summary>The messages whose text alone says what they are: not a RAISE that borrowed a server SQLSTATE.</summary>
    public static TheoryData<string, string, string?, int, string?, string> PostgreSqlTexts
    {
        get
        {
            var texts = new TheoryData<string, string, string?, int, string?, string>();
            foreach (var row in PostgreSqlMessages)
            {
                var (state, text, detail, position, routine, expected) = ((string)row[0], (string)row[1], (string?)row[2], (int)row[3], (string?)row[4], (string)row[5]);
                if (routine is not ("exec_stmt_raise" or "exec_stmt_assert") || state.StartsWith("P0", StringComparison.Ordinal) || state == "U0001")
                    texts.Add(state, text, detail, position, routine, expected);
            }

            return texts;
        }
    }

    [Theory]
    [MemberData(nameof(PostgreSqlTexts))]
    public void PostgreSql_text_from_an_unknown_provider_is_redacted_by_the_connection_dialect(string state, string text, string? detail, int position, string? routine, string expected)
    {
        var message = new PostgresException(text, "ERROR", "ERROR", state, detail: detail, position: position).Message;
        var wrapped = new Ado.Fakes.FakeDbException(message, state, 0);

        var redacted = DbExceptionRedactor.Redact(wrapped, SqlDialect.PostgreSql)!.ReplaceLineEndings("\n");

        // Known only as text, a value's span may run to the end of the whole message: the wording up to the first
        // value is kept, and nothing of any value.
        Assert.DoesNotContain("MARK", redacted, StringComparison.OrdinalIgnoreCase);
        _ = routine;
        var firstValue = expected.IndexOf('?', StringComparison.Ordinal);
        if (firstValue < 0)
            Assert.Equal(expected, redacted);
        else
            Assert.StartsWith(expected[..(firstValue + 1)], redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void PostgreSql_raise_through_any_procedural_language_is_the_applications_text()
    {
        var python = new PostgresException("secret from plpy", "ERROR", "ERROR", "XX000", file: "plpy_elog.c", routine: "PLy_elog_impl");

        Assert.Equal("XX000: ?", DbExceptionRedactor.Redact(python));
    }

    /// <summary>
    /// Statements the MariaDB test server refuses, and what is recorded of its message (<c>{db}</c>: the database they
    /// run in). MySQL 8's shapes, which MariaDB does not produce, come from the same server through <c>SIGNAL</c>, which
    /// sends the number, SQLSTATE and text given, as the server would.
    /// </summary>
    public static TheoryData<string, string> MySqlMessages => new()
    {
        { "INSERT INTO u VALUES (3, 'MARKuniq')", "Duplicate entry ? for key 'email_key'" },
        { "INSERT INTO u VALUES (1, 'other')", "Duplicate entry ? for key 'PRIMARY'" },
        { "INSERT INTO u VALUES (3, 'MA''RK'' for key ''x')", "Duplicate entry ? for key 'email_key'" },
        { "SIGNAL SQLSTATE '23000' SET MYSQL_ERRNO = 1062, MESSAGE_TEXT = 'Duplicate entry ''MARKuniq'' for key ''users.email_key'''", "Duplicate entry ? for key 'users.email_key'" },
        { "INSERT INTO ty (i) VALUES ('MARKint')", "Incorrect integer value: ? for column `{db}`.`ty`.`i` at row 1" },
        { "SIGNAL SQLSTATE '22007' SET MYSQL_ERRNO = 1366, MESSAGE_TEXT = 'Incorrect integer value: ''MARKint'' for column ''i'' at row 1'", "Incorrect integer value: ? for column 'i' at row 1" },
        { "INSERT INTO ty (i) VALUES ('MARKa\\nb'' for column x')", "Incorrect integer value: ? for column `{db}`.`ty`.`i` at row 1" },
        { "INSERT INTO ty (i) VALUES ('MARK\\\\''\\\\')", "Incorrect integer value: ? for column `{db}`.`ty`.`i` at row 1" },
        { "INSERT INTO ty (i) VALUES ('MARKé€😀')", "Incorrect integer value: ? for column `{db}`.`ty`.`i` at row 1" },
        { "INSERT INTO ty (d) VALUES ('MARKdate')", "Incorrect date value: ? for column `{db}`.`ty`.`d` at row 1" },
        { "UPDATE ty SET b = 1 WHERE i = 'MARK''dbl'", "Truncated incorrect DECIMAL value: ?" },
        { "INSERT INTO ty (s) VALUES ('MARK')", "Data too long for column 's' at row 1" },
        { "INSERT INTO ty (t) VALUES (300)", "Out of range value for column 't' at row 1" },
        { "INSERT INTO ty (e) VALUES ('MARK')", "Data truncated for column 'e' at row 1" },
        { "INSERT INTO ty (b) VALUES (NULL)", "Column 'b' cannot be null" },
        { "INSERT INTO ck VALUES (-1)", "CONSTRAINT `n_pos` failed for `{db}`.`ck`" },
        { "SIGNAL SQLSTATE 'HY000' SET MYSQL_ERRNO = 3819, MESSAGE_TEXT = 'Check constraint ''n_pos'' is violated.'", "Check constraint 'n_pos' is violated." },
        { "INSERT INTO fk_child VALUES (5)", "Cannot add or update a child row: a foreign key constraint fails (`{db}`.`fk_child`, CONSTRAINT `fk_p` FOREIGN KEY (`pid`) REFERENCES `fk_parent` (`id`))" },
        { "SELECT * FROM WHERE 'MARK' 'x' and", "You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use near ? at line 1" },
        { "SELECT MARKcol FROM ty", "Unknown column 'MARKcol' in ?" },
        { "SELECT * FROM MARKtable", "Table '{db}.MARKtable' doesn't exist" },
        { "SELECT CAST(1 AS UNSIGNED) - 2", "BIGINT UNSIGNED value is out of range in ?" },
        { "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'MARKsignal'", "?" },
        { "SIGNAL SQLSTATE '23000' SET MYSQL_ERRNO = 1062, MESSAGE_TEXT = 'MARKsignal2'", "?" },
        { "SIGNAL SQLSTATE 'HY000' SET MYSQL_ERRNO = 1366, MESSAGE_TEXT = 'MARK borrowed a server number'", "?" },
        // A SIGNAL's text ends at a NUL: the server's wording, then a value cut before its closing wording.
        { "SIGNAL SQLSTATE 'HY000' SET MYSQL_ERRNO = 1366, MESSAGE_TEXT = 'Incorrect integer value: ''MA''(RK\\0'' for column ''i'' at row 1'", "Incorrect integer value: ?" },
        { "SIGNAL SQLSTATE '45001' SET MYSQL_ERRNO = 9999, MESSAGE_TEXT = 'custom MARK'", "?" },
    };

    [Theory]
    [MemberData(nameof(MySqlMessages))]
    public async Task MySql_and_MariaDB_messages_keep_wording_and_names_and_lose_values(string sql, string expected)
    {
        var error = await MariaDbErrors.ErrorOfAsync(sql);

        Assert.Equal(expected.Replace("{db}", await MariaDbErrors.DatabaseAsync(), StringComparison.Ordinal), DbExceptionRedactor.Redact(error));
    }

    public static TheoryData<int, string, string> SqlServerMessages => new()
    {
        { 2627, "Violation of PRIMARY KEY constraint 'PK_Cats'. Cannot insert duplicate key in object 'dbo.Cats'. The duplicate key value is (MARK1).", "Violation of PRIMARY KEY constraint 'PK_Cats'. Cannot insert duplicate key in object 'dbo.Cats'. The duplicate key value is ?." },
        { 2627, "Violation of UNIQUE KEY constraint 'UQ_Users_Email'. Cannot insert duplicate key in object 'dbo.Users'. The duplicate key value is (MA), (RK').", "Violation of UNIQUE KEY constraint 'UQ_Users_Email'. Cannot insert duplicate key in object 'dbo.Users'. The duplicate key value is ?" },
        { 2601, "Cannot insert duplicate key row in object 'dbo.Users' with unique index 'IX_Users_Email'. The duplicate key value is (MARK@example.com, 7).", "Cannot insert duplicate key row in object 'dbo.Users' with unique index 'IX_Users_Email'. The duplicate key value is ?." },
        { 245, "Conversion failed when converting the varchar value 'MARK' to data type int.", "Conversion failed when converting the varchar value ? to data type int." },
        { 245, "Conversion failed when converting the nvarchar value 'MA'RK' to data type int.", "Conversion failed when converting the nvarchar value ? to data type int." },
        { 248, "The conversion of the varchar value '99999999999MARK' overflowed an int column.", "The conversion of the varchar value ? overflowed an int column." },
        { 2628, "String or binary data would be truncated in table 'shop.dbo.Users', column 'Name'. Truncated value: 'MARK truncated'.", "String or binary data would be truncated in table 'shop.dbo.Users', column 'Name'. Truncated value: ?." },
        { 547, "The INSERT statement conflicted with the CHECK constraint \"CK_Total\". The conflict occurred in database \"shop\", table \"dbo.Orders\", column 'Total'.", "The INSERT statement conflicted with the CHECK constraint \"CK_Total\". The conflict occurred in database \"shop\", table \"dbo.Orders\", column 'Total'." },
        { 515, "Cannot insert the value NULL into column 'Name', table 'shop.dbo.Users'; column does not allow nulls. INSERT fails.", "Cannot insert the value NULL into column 'Name', table 'shop.dbo.Users'; column does not allow nulls. INSERT fails." },
        { 102, "Incorrect syntax near 'MARK'.", "Incorrect syntax near ?." },
        { 105, "Unclosed quotation mark after the character string 'MARK'.", "Unclosed quotation mark after the character string ?." },
        { 220, "Arithmetic overflow error for data type tinyint, value = 300.", "Arithmetic overflow error for data type tinyint, value = ?." },
        { 232, "Arithmetic overflow error for type tinyint, value = 12345.120117.", "Arithmetic overflow error for type tinyint, value = ?." },
        { 207, "Invalid column name 'Nmae'.", "Invalid column name 'Nmae'." },
        { 208, "Invalid object name 'dbo.Orderz'.", "Invalid object name 'dbo.Orderz'." },
        { 8134, "Divide by zero error encountered.", "Divide by zero error encountered." },
        { 50000, "Order MARK was rejected", "?" },
        { 51234, "Customer 'MARK' is blocked", "?" },
    };

    [Theory]
    [MemberData(nameof(SqlServerMessages))]
    public void SqlServer_messages_keep_wording_and_names_and_lose_values(int number, string message, string expected)
        => Assert.Equal(expected, DbExceptionRedactor.Redact(SqlServerErrors.Of((number, message))));

    [Fact]
    public void SqlServer_batch_keeps_each_errors_wording_and_drops_printed_and_raised_text()
    {
        var exception = SqlServerErrors.Of(
            (0, "PRINT MARKprint"),
            (2627, "Violation of PRIMARY KEY constraint 'PK_Cats'. Cannot insert duplicate key in object 'dbo.Cats'. The duplicate key value is (MARKkey)."),
            (3621, "The statement has been terminated."),
            (50000, "RAISERROR MARKraise\nwith a second line"));

        Assert.Equal(
            string.Join(Environment.NewLine, "?", "Violation of PRIMARY KEY constraint 'PK_Cats'. Cannot insert duplicate key in object 'dbo.Cats'. The duplicate key value is ?.", "The statement has been terminated.", "?"),
            DbExceptionRedactor.Redact(exception));
    }

    [Theory]
    [InlineData("Cannot connect to 'MARKhost' with key 'MARKkey'.")]
    [InlineData("Value was sent as \"MARKquoted\" to 'MARKhost'.")]
    public void SqlClient_own_errors_stay_readable_but_lose_their_quoted_values(string message)
    {
        // Number 0 with severity 20 is SqlClient's own error, kept readable (PRINT's severity-0 text is dropped whole),
        // so its text goes through the grammar like any server error's.
        var redacted = DbExceptionRedactor.Redact(SqlServerErrors.Of(severity: 20, (0, message)));

        Assert.NotEqual("?", redacted);
        Assert.DoesNotContain("MARK", redacted, StringComparison.Ordinal);
    }

    public static TheoryData<int, int, string, string> SqliteMessages => new()
    {
        { 19, 2067, "SQLite Error 19: 'UNIQUE constraint failed: u.email'.", "SQLite Error 19: 'UNIQUE constraint failed: u.email'." },
        { 19, 275, "SQLite Error 19: 'CHECK constraint failed: n > 0'.", "SQLite Error 19: 'CHECK constraint failed: n > 0'." },
        { 19, 275, "SQLite Error 19: 'CHECK constraint failed: s_short'.", "SQLite Error 19: 'CHECK constraint failed: s_short'." },
        { 19, 275, "SQLite Error 19: 'CHECK constraint failed: kind in ('a', 'b')'.", "SQLite Error 19: 'CHECK constraint failed: kind in (?)'." },
        { 19, 1299, "SQLite Error 19: 'NOT NULL constraint failed: nn.b'.", "SQLite Error 19: 'NOT NULL constraint failed: nn.b'." },
        { 19, 3091, "SQLite Error 19: 'cannot store TEXT value in INTEGER column st.a'.", "SQLite Error 19: 'cannot store TEXT value in INTEGER column st.a'." },
        { 19, 787, "SQLite Error 19: 'FOREIGN KEY constraint failed'.", "SQLite Error 19: 'FOREIGN KEY constraint failed'." },
        { 19, 1811, "SQLite Error 19: 'rejected abortMARKraise'.", "SQLite Error 19: '?'." },
        { 19, 1811, "SQLite Error 19: 'UNIQUE constraint failed: MARK'.", "SQLite Error 19: '?'." },
        { 19, 1811, "SQLite Error 19: 'rejected abort'MARK' \"x\"\n(1)'.", "SQLite Error 19: '?'." },
        { 19, 19, "SQLite Error 19: 'MARK without an extended code'.", "SQLite Error 19: '?'." },
        { 1, 1, "SQLite Error 1: 'near \"'y'\": syntax error'.", "SQLite Error 1: 'near ?: syntax error'." },
        { 1, 1, "SQLite Error 1: 'unrecognized token: \"'MARKunterminated\"'.", "SQLite Error 1: 'unrecognized token: ?'." },
        { 1, 1, "SQLite Error 1: 'no such table: orders'.", "SQLite Error 1: 'no such table: orders'." },
        { 1, 1, "SQLite Error 1: 'bad JSON path: 'MARKpath''.", "SQLite Error 1: 'bad JSON path: ?'." },
        { 1, 1, "SQLite Error 1: 'The input string 'MARKfmt' was not in a correct format.'.", "SQLite Error 1: 'The input string ? was not in a correct format.'." },
        { 20, 20, "SQLite Error 20: 'datatype mismatch'.", "SQLite Error 20: 'datatype mismatch'." },
    };

    [Theory]
    [MemberData(nameof(SqliteMessages))]
    public void Sqlite_messages_keep_result_code_and_wording_and_lose_values(int code, int extended, string message, string expected)
        => Assert.Equal(expected, DbExceptionRedactor.Redact(new SqliteException(message, code, extended)));

    public static TheoryData<string, string> UnknownMessages => new()
    {
        { "The input string 'MARK' was not in a correct format.", "The input string ? was not in a correct format." },
        { "The input string 'MA'RK' was not in a correct format.", "The input string ? was not in a correct format." },
        { "Value \"MARK\" and 'MARK2' and `MARK3` isn't valid", "Value ? and ? and ? isn't valid" },
        { "unterminated 'MARK", "unterminated ?" },
        { "unterminated \"MARK\nsecond line", "unterminated ?" },
        { "Wert »MARK« ungültig", "Wert ? ungültig" },
        { "Wert »MARK« ungültig, „MARK2“ und «MARK3»", "Wert ?" },
        { "ORA-00001: unique constraint (SHOP.PK_ORDERS) violated", "ORA-00001: unique constraint (SHOP.PK_ORDERS) violated" },
        { "An error occurred while saving the entity changes. See the inner exception for details.", "An error occurred while saving the entity changes. See the inner exception for details." },
    };

    [Theory]
    [MemberData(nameof(UnknownMessages))]
    public void Unknown_provider_and_other_exceptions_lose_every_quoted_span(string message, string expected)
    {
        Assert.Equal(expected, DbExceptionRedactor.Redact(new FormatException(message)));
        Assert.Equal(expected, DbExceptionRedactor.Redact(new Ado.Fakes.FakeDbException(message, null, 0)));
    }

    [Fact]
    public void Dialect_of_the_connection_applies_only_when_the_exception_names_no_provider()
    {
        var mysqlText = "Duplicate entry 'MARK' for key 'email'";
        Assert.Equal("Duplicate entry ? for key 'email'", DbExceptionRedactor.Redact(new Ado.Fakes.FakeDbException(mysqlText, "23000", 1062), SqlDialect.MySql));
        Assert.Equal("Duplicate entry ?", DbExceptionRedactor.Redact(new Ado.Fakes.FakeDbException(mysqlText, "23000", 1062), SqlDialect.Generic));
        Assert.Equal("?", DbExceptionRedactor.Redact(new Ado.Fakes.FakeDbException("Order MARK rejected", null, 50000), SqlDialect.SqlServer));

        // The exception's own provider wins over a dialect that does not match it.
        var sqlite = new SqliteException("SQLite Error 19: 'UNIQUE constraint failed: u.email'.", 19, 2067);
        Assert.Equal("SQLite Error 19: 'UNIQUE constraint failed: u.email'.", DbExceptionRedactor.Redact(sqlite, SqlDialect.PostgreSql));
    }

    [Fact]
    public void Long_hostile_messages_are_redacted_in_one_pass()
    {
        var names = string.Concat(Enumerable.Repeat("relation \"r\" (", 20_000));
        var quotes = string.Concat(Enumerable.Repeat("'\"«»„“(", 20_000));
        var integrity = new PostgresException(names + "\"MARK1", "ERROR", "ERROR", "23505", detail: "Key (a)=(" + quotes + "MARK2) " + names);
        var text = new Ado.Fakes.FakeDbException("23505: " + names + "\nDETAIL: Failing row contains (" + quotes + "MARK3", "23505", 0);
        // Longer than any message a MySQL server sends (it caps them at 512 bytes): read through the connection's dialect.
        var mysql = new Ado.Fakes.FakeDbException("Duplicate entry '" + quotes + "MARK4' for key 'k'" + string.Concat(Enumerable.Repeat(" for key '", 20_000)), "23000", 1062);

        var redacted = new[]
        {
            DbExceptionRedactor.Redact(integrity)!, DbExceptionRedactor.Redact(text, SqlDialect.PostgreSql)!, DbExceptionRedactor.Redact(mysql, SqlDialect.MySql)!,
            DbExceptionRedactor.Redact(new FormatException(quotes + "MARK5"))!,
        };

        Assert.All(redacted, r => Assert.DoesNotContain("MARK", r, StringComparison.Ordinal));
        Assert.StartsWith("23505: relation \"r\" (relation \"r\" (", redacted[0], StringComparison.Ordinal);
        Assert.StartsWith("23505: relation \"r\" (relation \"r\" (", redacted[1], StringComparison.Ordinal);
        Assert.StartsWith("Duplicate entry ?", redacted[2], StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_that_cannot_be_read_gives_no_message()
    {
        Assert.Null(DbExceptionRedactor.Redact(new ThrowingMessageException()));
        Assert.Null(DbExceptionRedactor.Redact(new ThrowingPropertyException("22P02: invalid input syntax for type integer: \"MARK\""), SqlDialect.PostgreSql));
        Assert.Equal(string.Empty, DbExceptionRedactor.Redact(new ThrowingPropertyException(string.Empty), SqlDialect.PostgreSql));
    }

    private sealed class ThrowingMessageException : Exception
    {
        public override string Message => throw new InvalidOperationException("no message");
    }

    /// <summary>A provider's exception whose extra properties throw when read.</summary>
    private sealed class ThrowingPropertyException(string message) : DbException(message)
    {
        public override string? SqlState => "22P02";

        public string Routine => throw new InvalidOperationException("unreadable");
    }
}
