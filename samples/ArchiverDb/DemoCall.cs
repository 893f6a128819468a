namespace ArchiverDb;

/// <summary>One request the demo sent and what came back.</summary>
/// <param name="Method">The request method.</param>
/// <param name="Path">The path and query.</param>
/// <param name="Status">The response status code.</param>
/// <param name="TraceId">The trace id from the response's <c>X-Amzn-Trace-Id</c>.</param>
/// <param name="Body">The response body.</param>
public sealed record DemoCall(string Method, string Path, int Status, string? TraceId, string Body);
