namespace ArchiverDb;

/// <summary>The body of <c>POST /fetch</c>: the URL whose response is to be archived.</summary>
public sealed record FetchRequest(string? Url);
