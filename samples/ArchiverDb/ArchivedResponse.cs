namespace ArchiverDb;

/// <summary>One archived HTTP response: its status code and body, as the fetcher saw it.</summary>
public sealed class ArchivedResponse
{
    public long Id { get; set; }

    public int Status { get; set; }

    public string Body { get; set; } = string.Empty;

    public DateTime ArchivedAt { get; set; }
}
