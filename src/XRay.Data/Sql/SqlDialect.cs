namespace XRay.Data;

/// <summary>
/// The SQL dialect whose lexical rules <see cref="SqlSanitizer"/> applies: which quotes delimit strings, whether a
/// backslash escapes, which comments nest.
/// </summary>
public enum SqlDialect
{
    /// <summary>
    /// Unknown provider. Rules that differ between dialects are resolved towards hiding more: block comments nest,
    /// <c>$tag$</c> quotes and <c>E'…'</c> strings are recognised, and a quote preceded by an odd run of backslashes
    /// (where PostgreSQL and MySQL disagree on where the string ends) turns the rest of the query into <c>?</c>.
    /// </summary>
    Generic = 0,

    /// <summary>
    /// PostgreSQL with <c>standard_conforming_strings</c> on (the default since 9.1): backslashes escape only inside
    /// <c>E'…'</c>, dollar quotes, nested block comments, <c>$1</c> placeholders.
    /// </summary>
    PostgreSql = 1,

    /// <summary>SQL Server: <c>[bracketed]</c> identifiers, <c>N'…'</c> strings, <c>$</c> money literals, nested block comments.</summary>
    SqlServer = 2,

    /// <summary>
    /// MySQL and MariaDB with default SQL modes: backslash escapes and double-quoted strings, <c>#</c> line comments,
    /// <c>--</c> only when followed by whitespace, block comments that do not nest.
    /// </summary>
    MySql = 3,

    /// <summary>SQLite (Microsoft.Data.Sqlite, System.Data.SQLite).</summary>
    Sqlite = 4,
}
