namespace XRay.Data;

/// <summary>What a word means to the query summary; <see cref="None"/> for a name.</summary>
internal enum SqlSummaryKeyword : byte
{
    /// <summary>Not a word the summary acts on: a name (table, alias, column, function) or a keyword it ignores.</summary>
    None,

    /// <summary><c>SELECT</c>.</summary>
    Select,

    /// <summary><c>INSERT</c> and <c>UPSERT</c>: a target follows, then possibly a query.</summary>
    Insert,

    /// <summary><c>REPLACE</c>: MySQL's and SQLite's insert, or a modifier (<c>INSERT OR REPLACE</c>, <c>CREATE OR REPLACE</c>).</summary>
    Replace,

    /// <summary><c>UPDATE</c>.</summary>
    Update,

    /// <summary><c>DELETE</c>.</summary>
    Delete,

    /// <summary><c>MERGE</c>.</summary>
    Merge,

    /// <summary><c>EXEC</c>, <c>EXECUTE</c> and <c>CALL</c>: a stored procedure follows.</summary>
    Execute,

    /// <summary><c>TRUNCATE</c>.</summary>
    Truncate,

    /// <summary><c>CREATE</c>.</summary>
    Create,

    /// <summary><c>ALTER</c>, or a modifier in <c>CREATE OR ALTER</c>.</summary>
    Alter,

    /// <summary><c>DROP</c>.</summary>
    Drop,

    /// <summary><c>WITH</c>: common table expressions before the statement, or a table hint.</summary>
    With,

    /// <summary><c>EXPLAIN</c>: the statement it explains follows.</summary>
    Explain,

    /// <summary><c>FROM</c>.</summary>
    From,

    /// <summary><c>JOIN</c>.</summary>
    Join,

    /// <summary><c>APPLY</c> (T-SQL's <c>CROSS APPLY</c>, <c>OUTER APPLY</c>).</summary>
    Apply,

    /// <summary><c>INTO</c>.</summary>
    Into,

    /// <summary><c>USING</c>: MERGE's source, PostgreSQL's <c>DELETE … USING</c>, or a join's column list.</summary>
    Using,

    /// <summary><c>UNION</c>, <c>INTERSECT</c>, <c>EXCEPT</c>, <c>MINUS</c>: another query follows.</summary>
    SetOperator,

    /// <summary><c>ALL</c>, <c>DISTINCT</c>.</summary>
    Quantifier,

    /// <summary>Ends an expected target without ending a table list: <c>ON</c>, <c>AS</c>.</summary>
    Clause,

    /// <summary>Ends the table list of a query: <c>WHERE</c>, <c>GROUP</c>, <c>ORDER</c>, <c>SET</c>, <c>VALUES</c>…</summary>
    ClauseEnd,

    /// <summary>A statement may still begin after it: <c>BEGIN</c> (a T-SQL block), <c>ANALYZE</c>, <c>VERBOSE</c>.</summary>
    OperationNext,

    /// <summary>Skipped while a target or an object is expected: <c>ONLY</c>, <c>LATERAL</c>, <c>IF NOT EXISTS</c>, <c>UNIQUE</c>…</summary>
    Modifier,

    /// <summary>An object that is neither a collection nor has a body: <c>INDEX</c>, <c>SEQUENCE</c>, <c>SCHEMA</c>…</summary>
    ObjectKind,

    /// <summary><c>TABLE</c>, <c>VIEW</c>.</summary>
    CollectionKind,

    /// <summary>An object whose definition holds statements: <c>PROCEDURE</c>, <c>FUNCTION</c>, <c>TRIGGER</c>, <c>EVENT</c>.</summary>
    BodyKind,

    /// <summary>A principal, whose name is personal data and is left out: <c>USER</c>, <c>LOGIN</c>, <c>ROLE</c>.</summary>
    PrincipalKind,
}
