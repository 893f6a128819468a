namespace XRay.EFCore.Tests.Notes;

public sealed class Note
{
    public int Id { get; set; }

    public required string Body { get; set; }
}
