namespace XRay.Data;

/// <summary>The two ways ADO.NET reads <c>key=value;…</c> connection strings (<c>DbConnectionOptions</c>).</summary>
internal enum ConnectionStringGrammar
{
    /// <summary>
    /// <c>DbConnectionStringBuilder</c>'s rules, used by every provider but ODBC: values may be quoted with <c>'…'</c> or
    /// <c>"…"</c> (the quote doubled inside), <c>==</c> in a key stands for <c>=</c>, and the last of a repeated key wins.
    /// </summary>
    Ado,

    /// <summary>ODBC's rules: values may be braced, <c>{…}</c> with <c>}}</c> inside; quotes are plain characters; the first of a repeated key wins.</summary>
    Odbc,
}
