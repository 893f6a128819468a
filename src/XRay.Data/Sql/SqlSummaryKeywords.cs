namespace XRay.Data;

/// <summary>
/// The words the query summary acts on, found with one multiply and one probe: a word of ASCII letters and '_' up to
/// <see cref="MaxLength"/> characters packs into 5 bits a character, case folded, and indexes an open-addressing table.
/// </summary>
internal static class SqlSummaryKeywords
{
    /// <summary>The longest keyword.</summary>
    public const int MaxLength = 12;

    private const int slots = 512;

    private static readonly ulong[] keys = new ulong[slots];
    private static readonly SqlSummaryKeyword[] kinds = Build();

    private static SqlSummaryKeyword[] Build()
    {
        var kinds = new SqlSummaryKeyword[slots];
        void Add(SqlSummaryKeyword kind, params string[] words)
        {
            foreach (var word in words)
            {
                var key = 0UL;
                foreach (var c in word)
                    key = (key << 5) | (c == '_' ? 27UL : (ulong)(c - 'a' + 1));
                var slot = Slot(key);
                while (keys[slot] != 0)
                    slot = (slot + 1) & (slots - 1);
                keys[slot] = key;
                kinds[slot] = kind;
            }
        }

        Add(SqlSummaryKeyword.Select, "select");
        Add(SqlSummaryKeyword.Insert, "insert", "upsert");
        Add(SqlSummaryKeyword.Replace, "replace");
        Add(SqlSummaryKeyword.Update, "update");
        Add(SqlSummaryKeyword.Delete, "delete");
        Add(SqlSummaryKeyword.Merge, "merge");
        Add(SqlSummaryKeyword.Execute, "exec", "execute", "call");
        Add(SqlSummaryKeyword.Truncate, "truncate");
        Add(SqlSummaryKeyword.Create, "create");
        Add(SqlSummaryKeyword.Alter, "alter");
        Add(SqlSummaryKeyword.Drop, "drop");
        Add(SqlSummaryKeyword.With, "with");
        Add(SqlSummaryKeyword.Explain, "explain");
        Add(SqlSummaryKeyword.From, "from");
        Add(SqlSummaryKeyword.Join, "join");
        Add(SqlSummaryKeyword.Apply, "apply");
        Add(SqlSummaryKeyword.Into, "into");
        Add(SqlSummaryKeyword.Using, "using");
        Add(SqlSummaryKeyword.SetOperator, "union", "intersect", "except", "minus");
        Add(SqlSummaryKeyword.Quantifier, "all", "distinct");
        Add(SqlSummaryKeyword.Clause, "on", "as");
        Add(
            SqlSummaryKeyword.ClauseEnd,
            "where", "group", "order", "having", "limit", "offset", "fetch", "window", "returning", "set", "values",
            "value", "output", "option", "qualify", "for", "connect");
        Add(SqlSummaryKeyword.OperationNext, "begin", "analyze", "analyse", "verbose");
        Add(
            SqlSummaryKeyword.Modifier,
            "only", "lateral", "or", "ignore", "abort", "fail", "rollback", "low_priority", "delayed", "quick", "unique",
            "clustered", "nonclustered", "temp", "temporary", "global", "local", "unlogged", "materialized",
            "recursive", "virtual", "if", "not", "exists", "concurrently", "external", "fulltext", "spatial");
        Add(SqlSummaryKeyword.ObjectKind, "index", "sequence", "schema", "database", "type", "extension", "domain", "synonym");
        Add(SqlSummaryKeyword.CollectionKind, "table", "view");
        Add(SqlSummaryKeyword.BodyKind, "procedure", "proc", "function", "trigger", "event");
        Add(SqlSummaryKeyword.PrincipalKind, "user", "login", "role");
        return kinds;
    }

    /// <summary>The meaning of <paramref name="word"/>; <see cref="SqlSummaryKeyword.None"/> when it is not a keyword.</summary>
    public static SqlSummaryKeyword Find(ReadOnlySpan<char> word)
    {
        if (word.Length < 2 || word.Length > MaxLength)
            return SqlSummaryKeyword.None;
        var key = 0UL;
        foreach (var c in word)
        {
            var letter = (uint)((c | 0x20) - 'a');
            ulong code;
            if (letter < 26)
                code = letter + 1;
            else if (c == '_')
                code = 27;
            else
                return SqlSummaryKeyword.None;
            key = (key << 5) | code;
        }

        for (var slot = Slot(key); ; slot = (slot + 1) & (slots - 1))
        {
            var stored = keys[slot];
            if (stored == key)
                return kinds[slot];
            if (stored == 0)
                return SqlSummaryKeyword.None;
        }
    }

    private static int Slot(ulong key) => (int)((key * 0x9E3779B97F4A7C15) >> 55) & (slots - 1);
}
