using System.Globalization;
using System.Text;

namespace XRay.Data.Tests.Ado;

/// <summary>
/// Connection strings with a secret planted in every form a connection string can hold one: secret keys in many
/// spellings, values quoted, braced and escaped, connection strings nested in values, URLs with passwords in user
/// information, query strings and properties, user information in data sources. Each case's secret carries a marker
/// (<c>Zq…Xv</c>, which JSON leaves as it is) unique to the case. Generated from a seed, so a failure reproduces.
/// </summary>
internal static class SecretCorpus
{
    /// <summary>The seed the tests use.</summary>
    public const int Seed = 20260225;

    private static readonly string[][] SecretWords =
    [
        ["password"], ["pwd"], ["psw"], ["pass"], ["passwd"], ["passphrase"], ["passcode"], ["secret"], ["client", "secret"],
        ["token"], ["access", "token"], ["refresh", "token"], ["key"], ["api", "key"], ["account", "key"], ["ssl", "key"],
        ["credential"], ["credentials"], ["auth"], ["authorization"], ["auth", "token"], ["signature"],
        ["shared", "access", "signature"], ["sig"], ["jwt"], ["jwt", "token"], ["bearer"], ["db", "password"],
        ["ssl", "password"], ["replica", "password", "2"], ["x", "my", "app", "pass"],
    ];

    private static readonly string[] Separators = [" ", "_", "-", ".", string.Empty];

    // Raw values, as written in the connection string, that hold the marker {0} in the secret under the reading intended.
    private static readonly string[] Values =
    [
        "{0}", "{0}!#%&*()[]", "pre {0} post", "{0}=x==y", " {0} ", "{0}ünïcødé✓", "{0}@h:1/x?y",
        "'{0}'", "'{0};semi=1'", "'it''s {0}'", "'{0} \"double\"'",
        "\"{0}\"", "\"{0};x=y\"", "\"say \"\"{0}\"\"\"", "\"{0} 'single'\"",
        "{{{0}}}", "{{a;b={0}}}", "{{{0}}}}};c=d}}", "{{x;{0}=1;y}}", "{{{0};Password=x}}",
    ];

    // Data sources given as URLs or with user information; {0} is the marker.
    private static readonly string[] Urls =
    [
        "postgres://u:{0}@h.example.com:5432/db",
        "postgresql://u:{0}@h.example.com/db?sslmode=require",
        "postgres://h.example.com/app?user=me@corp.example&password={0}",
        "postgres://h.example.com/app?sig={0}&user=me@corp.example",
        "postgres://user:{0}/app",
        "postgres://u:{0}@h1.example.com:5432,h2.example.com:5433/db",
        "postgresql://u:pre/{0}?x@h.example.com/db",
        "postgresql://u:pre#{0}@h.example.com/db",
        "postgresql://u:{0}@h.example.com:5432",
        "postgresql://u%3A{0}@h.example.com/db",
        "sqlserver://h.example.com:1433;user=sa;password={0}",
        "sqlserver://h.example.com:1433;databaseName=db;user=sa;password={0}",
        "mysql://root:{0}@[::1]:3306/shop",
        "jdbc:postgresql://h.example.com/db?user=u&password={0}",
    ];

    /// <summary>One connection string and the marker that must never be recorded.</summary>
    public sealed record Case(int Number, string ConnectionString, string Marker, string Shape)
    {
        /// <inheritdoc />
        public override string ToString() => $"#{Number} {Shape}: {ConnectionString}";
    }

    /// <summary><paramref name="count"/> cases from <paramref name="seed"/>, numbered from <paramref name="first"/>.</summary>
    public static IReadOnlyList<Case> Generate(int seed, int count, int first = 0)
    {
        var random = new Random(seed);
        var cases = new List<Case>(count);
        for (var i = 0; i < count; i++)
        {
            var number = first + i;
            var marker = string.Create(CultureInfo.InvariantCulture, $"Zq{number}Xv");
            cases.Add(random.Next(4) switch
            {
                0 => UrlCase(random, number, marker),
                1 => UserInformationCase(random, number, marker),
                _ => KeyCase(random, number, marker),
            });
        }

        return cases;
    }

    private static Case KeyCase(Random random, int number, string marker)
    {
        var key = Spell(random, SecretWords[random.Next(SecretWords.Length)]);
        var value = string.Format(CultureInfo.InvariantCulture, Values[random.Next(Values.Length)], marker);
        var pair = key + Spaces(random) + "=" + Spaces(random) + value;
        var (text, nesting) = Nest(random, Surround(random, pair, number), random.Next(3));
        return new Case(number, text, marker, $"key '{key}', value {value.Replace(marker, "…", StringComparison.Ordinal)}, {nesting}");
    }

    private static Case UrlCase(Random random, int number, string marker)
    {
        var url = string.Format(CultureInfo.InvariantCulture, Urls[random.Next(Urls.Length)], marker);
        if (random.Next(2) == 0)
            return new Case(number, url, marker, "url");
        var key = new[] { "Server", "Data Source", "Host", "Address" }[random.Next(4)];
        var pair = key + "=" + (url.Contains(';', StringComparison.Ordinal) ? Quote(random, url) : url);
        var (text, nesting) = Nest(random, Surround(random, pair, number, withHost: false), random.Next(2));
        return new Case(number, text, marker, $"url as {key}, {nesting}");
    }

    private static Case UserInformationCase(Random random, int number, string marker)
    {
        var pair = random.Next(4) switch
        {
            0 => $"Data Source=u:{marker}@h{number}.example.com",
            1 => $"Server=scott/{marker}@orcl",
            2 => $"User ID=scott/{marker}@orcl",
            _ => $"Application Name=svc:{marker}@web",
        };
        var (text, nesting) = Nest(random, Surround(random, pair, number, withHost: !pair.StartsWith('D') && !pair.StartsWith('S')), random.Next(2));
        return new Case(number, text, marker, $"user information, {nesting}");
    }

    // Puts the pair among ordinary ones, in a random place.
    private static string Surround(Random random, string pair, int number, bool withHost = true)
    {
        var pairs = new List<string> { $"Database=db{number}", "User ID=app", "Keepalive=30" };
        if (withHost)
            pairs.Insert(0, $"Host=h{number}.example.com");
        pairs.Insert(random.Next(pairs.Count + 1), pair);
        var text = string.Join(";" + Spaces(random), pairs);
        return random.Next(3) == 0 ? text + ";" : text;
    }

    private static (string Text, string Shape) Nest(Random random, string inner, int depth)
    {
        var text = inner;
        var shape = new StringBuilder("top level");
        for (var level = 0; level < depth; level++)
        {
            var quoted = Quote(random, text);
            if (random.Next(2) == 0)
            {
                text = $"metadata=res://*/Model.csdl;provider=System.Data.SqlClient;provider connection string={quoted}";
                shape.Append(" in EF6");
            }
            else
            {
                text = $"Provider=SQLOLEDB;Data Source=oledb.example.com;Extended Properties={quoted}";
                shape.Append(" in OLE DB");
            }
        }

        return (text, shape.ToString());
    }

    private static string Quote(Random random, string text) => random.Next(3) switch
    {
        0 => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"",
        1 => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'",
        _ => "{" + text.Replace("}", "}}", StringComparison.Ordinal) + "}",
    };

    private static string Spell(Random random, string[] words)
    {
        var cased = random.Next(5) switch
        {
            0 => words.Select(w => w.ToUpperInvariant()),
            1 => words.Select(w => char.ToUpperInvariant(w[0]) + w[1..]),
            2 => words.Select((w, i) => i == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..]),
            3 => words.Select(w => string.Concat(w.Select(c => random.Next(2) == 0 ? char.ToUpperInvariant(c) : c))),
            _ => words.AsEnumerable(),
        };
        return string.Join(Separators[random.Next(Separators.Length)], cased);
    }

    private static string Spaces(Random random) => random.Next(4) == 0 ? " " : string.Empty;
}
