namespace XRay.EFCore.Tests.Ledger;

public sealed class Entry
{
    public int Id { get; set; }

    /// <summary>Unique.</summary>
    public string Code { get; set; } = string.Empty;

    /// <summary>Shorter than 8 characters, by a check constraint; a trigger rejects notes that begin with <c>reject</c>.</summary>
    public string Note { get; set; } = string.Empty;
}
