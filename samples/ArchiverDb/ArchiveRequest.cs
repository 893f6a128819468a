namespace ArchiverDb;

/// <summary>The body of <c>POST /archive</c>: a response's status code and body.</summary>
public sealed record ArchiveRequest(int Status, string? Body);
