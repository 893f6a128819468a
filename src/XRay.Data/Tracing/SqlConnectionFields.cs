namespace XRay.Data;

/// <summary>
/// The part of a <c>sql</c> block that describes the connection rather than the call: URL, connection string, database
/// type and version, driver and user. A data source's is made once and shared by the blocks of all its calls, so that
/// a command's block copies none of it; a block takes a copy of its own before any of these is changed through it, and
/// a shared instance is never changed.
/// </summary>
internal sealed class SqlConnectionFields
{
    // Stands for a URL given and not kept, so that noting it costs no field of its own.
    private static readonly string RefusedUrl = new('\0', 1);

    private string? url;

    /// <summary>The URL kept; null when none was given or the one given was not kept.</summary>
    public string? Url => ReferenceEquals(url, RefusedUrl) ? null : url;

    /// <summary>Set when the last URL given was not kept.</summary>
    public bool UrlRefused => ReferenceEquals(url, RefusedUrl);

    public string? ConnectionString { get; set; }

    public string? DatabaseType { get; set; }

    public string? DatabaseVersion { get; set; }

    public string? DriverVersion { get; set; }

    public string? User { get; set; }

    /// <summary>Keeps <paramref name="value"/> when <paramref name="isDatabaseUrl"/>, as <see cref="SqlData.IsDatabaseUrl"/> judged it; otherwise notes it as refused.</summary>
    public void SetUrl(string? value, bool isDatabaseUrl) => url = value is null || isDatabaseUrl ? value : RefusedUrl;

    /// <summary>True once handed out for sharing: from then on never changed, only copied.</summary>
    public bool Shared { get; private set; }

    /// <summary>Marks this instance shared, so that a block changing one of its values takes a copy first.</summary>
    public SqlConnectionFields Share()
    {
        Shared = true;
        return this;
    }

    /// <summary>A copy to change, owned by whoever asked for it.</summary>
    public SqlConnectionFields Copy()
    {
        var copy = (SqlConnectionFields)MemberwiseClone();
        copy.Shared = false;
        return copy;
    }
}
