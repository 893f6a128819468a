namespace XRay.Data;

/// <summary>
/// The SQL dialect whose lexical rules <see cref="SqlSanitizer"/> applies: which quotes delimit strings, whether a
/// backslash escapes, where comments end, which characters belong to names. Each dialect follows its engine's own
/// scanner; where engines of one dialect disagree on where a literal ends, the text from there is hidden.
/// </summary>
public enum SqlDialect
{
    /// <summary>
    /// Unknown provider: whatever some engine reads as a literal is hidden. <c>'…'</c>, <c>"…"</c> (a string in MySQL)
    /// outside the positions where only a name may stand, <c>$tag$</c> quotes, <c>E'…'</c>, <c>N'…'</c>, <c>X'…'</c>,
    /// <c>B'…'</c>, Oracle's <c>q'[…]'</c>, <c>$1</c> and <c>$12.50</c> (money in T-SQL), and digits after '@', '#' or
    /// '?' are hidden. <c>[…]</c> and <c>`…`</c> are read as code (an array or DuckDB list in one engine, a quoted
    /// name in another), MySQL's <c>#</c> lines, <c>--</c> without a following space, the part of a
    /// <c>--</c> comment after a lone carriage return and the tail of a nested block comment are read as code too,
    /// and MySQL's executable comments are code. A quote after an odd run of backslashes, or a token that one
    /// reading ends and another does not, turns the rest of the query into <c>?</c>.
    /// </summary>
    Generic = 0,

    /// <summary>
    /// PostgreSQL (scan.l) with <c>standard_conforming_strings</c> on: backslashes escape only inside <c>E'…'</c>;
    /// <c>B'…'</c>, <c>X'…'</c>, <c>N'…'</c> and <c>U&amp;'…'</c> strings; dollar quotes whose tag starts with a letter,
    /// '_' or any non-ASCII character; <c>0x</c>, <c>0o</c>, <c>0b</c> and '_'-separated numbers; names that take
    /// every non-ASCII character and '$' after the first character; '@', '#', '?' and '`' are operator characters;
    /// <c>--</c> comments end at a line feed or carriage return, block comments nest; <c>$1</c> placeholders.
    /// </summary>
    PostgreSql = 1,

    /// <summary>
    /// SQL Server: <c>[bracketed]</c> and <c>"quoted"</c> names (until <c>SET QUOTED_IDENTIFIER</c> is set to
    /// anything but ON in the text, after which <c>"…"</c> is a string), <c>N'…'</c> strings, <c>0x</c> binary and
    /// <c>$</c> money literals, '@' and '#' in names, <c>--</c> comments that end at a line feed or carriage return,
    /// nested block comments.
    /// </summary>
    SqlServer = 2,

    /// <summary>
    /// MySQL and MariaDB with default SQL modes (sql_lex.cc): backslash escapes and double-quoted strings,
    /// <c>N'…'</c>, <c>X'…'</c>, <c>B'…'</c>, <c>0x</c> and <c>0b</c> literals, <c>_charset'…'</c> introducers,
    /// <c>#</c> comments and <c>--</c> comments (only before a space or control character) that end at a line feed,
    /// block comments that do not nest, <c>@var</c> and <c>@@var</c>, dollar-quoted routine bodies (MySQL 8.4 and
    /// 9). <c>/*! … */</c>, <c>/*M! … */</c> and <c>/*+ … */</c> are executed, so their content is sanitized as code
    /// and never kept as a comment. A string with a backslash after <c>NO_BACKSLASH_ESCAPES</c> appears in the text,
    /// a double-quoted string with an escaped quote (a name without escapes under <c>ANSI_QUOTES</c>), and an
    /// executable comment that a server reading it as a comment would end elsewhere hide the rest of the query.
    /// </summary>
    MySql = 3,

    /// <summary>
    /// SQLite (tokenize.c), for Microsoft.Data.Sqlite and System.Data.SQLite: <c>'…'</c> strings without escapes,
    /// <c>X'…'</c> blobs, <c>[…]</c>, <c>`…`</c> and <c>"…"</c> names, <c>--</c> comments that end at a line feed
    /// only, block comments that do not nest, and the parameters <c>?</c>, <c>?NNN</c>, <c>:name</c>,
    /// <c>@name</c>, <c>$name</c> and <c>#name</c> kept as written. The SQLite that Microsoft.Data.Sqlite bundles is
    /// built with double-quoted strings off, but SQLite's own default, Debian's libsqlite3 (which
    /// Microsoft.Data.Sqlite.Core can load) and other builds turn them on, and then <c>"abc"</c> is the string 'abc'
    /// wherever no column abc resolves, also in <c>WHERE</c> and <c>RETURNING</c>. So <c>"…"</c> is hidden wherever a
    /// value may stand, and kept where only a name may: qualified (<c>"t"."c"</c>), before <c>(</c>, after
    /// <c>AS</c>, <c>FROM</c>, <c>JOIN</c>, <c>INTO</c>, <c>UPDATE</c>, <c>TABLE</c> and similar keywords, in
    /// <c>INSERT</c> column lists and as <c>SET</c> targets.
    /// </summary>
    Sqlite = 4,
}
