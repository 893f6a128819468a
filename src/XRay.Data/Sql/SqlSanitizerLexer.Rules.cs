using System.Buffers;

namespace XRay.Data;

// Which characters each engine's scanner treats as part of a name, and which characters the pass has to stop at.
// The word classes follow the scanners: PostgreSQL's ident_cont (scan.l), SQLite's IdChar (tokenize.c) and MySQL's
// ident_map (sql_chars.cc) take every non-ASCII character and '$'; T-SQL takes Unicode letters and digits, '_', '@',
// '#' and '$'. Generic takes only what every engine takes, so a digit or '$' after '@', '#', '€' or a no-break space
// starts a token of its own, as it does in at least one engine.
internal ref partial struct SqlSanitizerLexer
{
    private static readonly Rules[] rulesByDialect =
    [
        // Generic: '#' may start a MySQL comment, '[' and '`' may quote names.
        new("'\"`[-/$#0123456789", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_$", allNonAscii: false),
        // PostgreSql: '[' is a subscript and '`', '@', '#' are operator characters.
        new("'\"-/$0123456789", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_$", allNonAscii: true),
        // SqlServer: '@' and '#' begin variable and temporary-table names.
        new("'\"[-/$0123456789", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_$@#", allNonAscii: false),
        // MySql: '#' starts a comment, '@' a variable, '$' a name or a dollar quote.
        new("'\"`-/#$@0123456789", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_$", allNonAscii: true),
        // Sqlite: '$', '@', ':', '#' and '?' begin parameters.
        new("'\"`[-/$@:#?0123456789", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_$", allNonAscii: true),
    ];

    /// <summary>One dialect's character classes.</summary>
    private sealed class Rules
    {
        private readonly ulong wordLow;
        private readonly ulong wordHigh;
        private readonly bool allNonAscii;

        public Rules(string stops, string word, bool allNonAscii)
        {
            Plain = new StopSet(stops, summarizing: true);
            InList = new StopSet(stops + "()", summarizing: true);
            InExecutableComment = new StopSet(stops + "*", summarizing: true);
            InListAndExecutableComment = new StopSet(stops + "()*", summarizing: true);
            foreach (var c in word)
            {
                if (c < 64)
                    wordLow |= 1UL << c;
                else
                    wordHigh |= 1UL << (c - 64);
            }

            this.allNonAscii = allNonAscii;
        }

        /// <summary>Characters that may start something the pass must look at; everything else is copied in bulk.</summary>
        public StopSet Plain { get; }

        /// <summary>The same plus parentheses, used while a literal list is open.</summary>
        public StopSet InList { get; }

        /// <summary>The same plus '*', used inside a MySQL executable comment so its closing "*/" is seen.</summary>
        public StopSet InExecutableComment { get; }

        /// <summary>Both of the above.</summary>
        public StopSet InListAndExecutableComment { get; }

        /// <summary>Characters that continue a name (or a number glued to one) in this dialect.</summary>
        public bool IsWord(char c) =>
            c < 64 ? ((wordLow >> c) & 1) != 0
            : c < 128 ? ((wordHigh >> (c - 64)) & 1) != 0
            : allNonAscii || char.IsLetterOrDigit(c);
    }

    /// <summary>A set of ASCII characters, searchable both with a vector search and one character at a time.</summary>
    private sealed class StopSet
    {
        // What the query summary reads besides: words, and the punctuation that shapes statements.
        private const string summaryStops = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_(),;";

        private readonly ulong low;
        private readonly ulong high;

        public StopSet(string chars, bool summarizing = false)
        {
            Values = SearchValues.Create(chars);
            foreach (var c in chars)
            {
                if (c < 64)
                    low |= 1UL << c;
                else
                    high |= 1UL << (c - 64);
            }

            if (summarizing)
                Summarizing = new StopSet(chars + summaryStops);
        }

        public SearchValues<char> Values { get; }

        /// <summary>The same with the summary's stops added; null on a set that has them already.</summary>
        public StopSet? Summarizing { get; }

        public bool Contains(char c) => c < 64 ? ((low >> c) & 1) != 0 : c < 128 && ((high >> (c - 64)) & 1) != 0;
    }
}
