namespace XRay.Data;

internal sealed partial class ErrorMessageGrammar
{
    /// <summary>
    /// PostgreSQL: values in double quotes (<c>invalid input syntax for type integer: "…"</c>, <c>syntax error at or
    /// near "…"</c>), rows of values in the detail (<c>Failing row contains (…)</c>), bytes as <c>0x…</c>. Names are
    /// not kept: outside integrity violations a quoted name may come from a value (<c>$1::regclass</c>,
    /// <c>current_setting($1)</c>), and the sanitized query shows the names the query used.
    /// </summary>
    public static ErrorMessageGrammar PostgreSql { get; } = new(CommonOpeners, CommonClosers)
    {
        ColumnListLeads = ["Key ", "Partition key of the failing row contains "],
        HexBytes = true,
    };

    /// <summary>
    /// PostgreSQL's integrity violations (SQLSTATE class 23), where the server names the catalog objects it checked:
    /// <c>new row for relation "orders" violates check constraint "positive_total"</c>, <c>Key (email)=(…)</c>.
    /// </summary>
    public static ErrorMessageGrammar PostgreSqlIntegrityViolation { get; } = new(CommonOpeners, CommonClosers)
    {
        NameQuotes = "\"",
        NameWords = ["relation", "table", "column", "constraint", "index"],
        ColumnListLeads = ["Key ", "Partition key of the failing row contains "],
        HexBytes = true,
    };

    /// <summary>
    /// SQL Server: values in single quotes (<c>Conversion failed when converting the varchar value '…'</c>), names in
    /// single or double quotes after the word naming them (<c>constraint 'PK_t'</c>, <c>table "dbo.t"</c>), the key
    /// of a duplicate as a list (<c>The duplicate key value is (…)</c>), overflowing numbers (<c>value = 300</c>).
    /// </summary>
    public static ErrorMessageGrammar SqlServer { get; } = new(CommonOpeners, CommonClosers)
    {
        NameQuotes = "'\"",
        NameWords =
        [
            "constraint", "object", "table", "column", "index", "database", "schema", "name", "procedure", "function",
            "type", "view", "trigger", "statistics",
        ],
        ValueListLeads = ["value is "],
        NumberLeads = ["value = "],
    };

    /// <summary>
    /// MySQL and MariaDB: values in single quotes (<c>Duplicate entry '…' for key 'email'</c>, <c>Incorrect integer
    /// value: '…' for column</c>, <c>… to use near '…' at line 1</c>), names in backticks, or in single quotes after
    /// the word naming them (<c>for key 'email'</c>, <c>Column 'b'</c>).
    /// </summary>
    public static ErrorMessageGrammar MySql { get; } = new(CommonOpeners + "`", CommonClosers + "`")
    {
        NameQuotes = "'",
        IdentifierQuote = '`',
        NameWords = ["key", "column", "field", "table", "constraint", "index", "database", "schema", "procedure", "function", "trigger", "view"],
        ValueEnds = [("Duplicate entry ", "' for key '", "'"), ("value: ", "' for column ", " at row "), ("near ", "' at line ", " at line ")],
    };

    /// <summary>
    /// SQLite: names unquoted (<c>UNIQUE constraint failed: users.email</c>); anything quoted is a value or a piece
    /// of the query's text (<c>near "…": syntax error</c>, <c>bad JSON path: '…'</c>).
    /// </summary>
    public static ErrorMessageGrammar Sqlite { get; } = new(CommonOpeners, CommonClosers);

    /// <summary>Any other provider, and exceptions that are not the database's: every quoted span of any kind is a value.</summary>
    public static ErrorMessageGrammar Unknown { get; } = new(CommonOpeners + "`", CommonClosers + "`");
}
