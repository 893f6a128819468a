namespace XRay.Data;

/// <summary>Classifies connection-string and URL keys by their letters, whatever their case and separators.</summary>
internal static class ConnectionKeyRoles
{
    private static readonly string[] DataSources =
        ["host", "hostname", "server", "servername", "datasource", "address", "addr", "networkaddress", "filename", "fulluri", "uri"];

    private static readonly string[] Databases = ["database", "databasename", "initialcatalog", "dbname", "db"];

    private static readonly string[] Users = ["userid", "uid", "username", "user"];

    private static readonly string[] Drivers = ["driver", "provider"];

    /// <summary>The role of <paramref name="key"/>; secret first, so that no secret is ever taken for a name.</summary>
    public static ConnectionKeyRole Of(ReadOnlySpan<char> key)
    {
        Span<char> buffer = key.Length <= 128 ? stackalloc char[key.Length] : new char[key.Length];
        var letters = SecretKey.Letters(key, buffer);
        if (SecretKey.HasStem(letters))
            return ConnectionKeyRole.Secret;
        if (IsOneOf(letters, DataSources))
            return ConnectionKeyRole.DataSource;
        if (IsOneOf(letters, Databases))
            return ConnectionKeyRole.Database;
        if (IsOneOf(letters, Users))
            return ConnectionKeyRole.User;
        if (IsOneOf(letters, Drivers))
            return ConnectionKeyRole.Driver;
        if (letters.SequenceEqual("dsn"))
            return ConnectionKeyRole.DataSourceName;
        return letters.SequenceEqual("mode") ? ConnectionKeyRole.Mode : ConnectionKeyRole.Other;
    }

    private static bool IsOneOf(ReadOnlySpan<char> letters, string[] candidates)
    {
        foreach (var candidate in candidates)
        {
            if (letters.SequenceEqual(candidate))
                return true;
        }

        return false;
    }
}
