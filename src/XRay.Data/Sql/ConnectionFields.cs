namespace XRay.Data;

/// <summary>
/// The values a scrubbed connection string names — data source, database, user, driver, SQLite mode — each taken from
/// a pair that is recorded, never from raw text. A value at the top level wins over one found nested or inside a URL.
/// </summary>
internal sealed class ConnectionFields
{
    private readonly string?[] values = new string?[Enum.GetValues<ConnectionKeyRole>().Length];
    private readonly int[] ranks = new int[Enum.GetValues<ConnectionKeyRole>().Length];
    private readonly bool[] named = new bool[Enum.GetValues<ConnectionKeyRole>().Length];

    /// <summary>Whether the last of repeated keys wins (ADO.NET) or the first (ODBC).</summary>
    public bool LastWins { get; init; } = true;

    /// <summary>The value recorded for a role, or null.</summary>
    public string? this[ConnectionKeyRole role] => values[(int)role];

    /// <summary>True when the text has a key of this role at its top level, recorded or not.</summary>
    public bool Names(ConnectionKeyRole role) => named[(int)role];

    /// <summary>Notes that the text has a key of this role at its top level.</summary>
    public void Saw(ConnectionKeyRole role, int rank)
    {
        if (rank == 0)
            named[(int)role] = true;
    }

    /// <summary>Offers a value found at <paramref name="rank"/> (0 at the top level, more when nested).</summary>
    public void Offer(ConnectionKeyRole role, string? value, int rank)
    {
        // An empty data source means something (SQLite's temporary database); an empty anything else means nothing.
        if (value is null || (role != ConnectionKeyRole.DataSource && string.IsNullOrWhiteSpace(value)))
            return;
        var index = (int)role;
        var current = values[index];
        if (current is null || rank < ranks[index] || (rank == ranks[index] && LastWins))
        {
            values[index] = value.Trim();
            ranks[index] = rank;
        }
    }
}
