using System.Data.Common;
using System.Net;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Npgsql;
using XRay.Data;

namespace ArchiverDb;

/// <summary>
/// The two services of the sample. The archiver stores responses with EF Core and reads them back with Dapper; the
/// fetcher fetches a URL and hands the response to the archiver over HTTP, so one trace spans both.
/// </summary>
public static class ArchiveEndpoints
{
    private const string SelectColumns = "select id, status, body, archived_at as ArchivedAt from archived_responses";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void MapArchiver(this IEndpointRouteBuilder app)
    {
        app.MapPost("/archive", ArchiveAsync);
        app.MapGet("/archive/{id:long}", GetAsync);
        app.MapGet("/archive", ListAsync);
    }

    public static void MapFetcher(this IEndpointRouteBuilder app)
    {
        app.MapPost("/fetch", FetchAsync);

        // Stands in for the web in the demo, which must not leave the machine; "broken" fails on purpose.
        app.MapGet("/pages/{name}", (string name) => name == "broken"
            ? throw new InvalidOperationException("The page 'broken' fails on purpose, to show a fault.")
            : Results.Text($"<html><body><h1>{WebUtility.HtmlEncode(name)}</h1><p>A page to archive.</p></body></html>", "text/html"));
    }

    private static async Task<IResult> ArchiveAsync(HttpContext context, ArchiveContext db)
    {
        var (request, problem) = await ReadAsync<ArchiveRequest>(context);
        if (problem is not null)
            return problem;
        if (request!.Status is < 100 or > 599 || request.Body is null)
            return Results.Problem(statusCode: 400, detail: "Send {\"status\": 100-599, \"body\": \"...\"}.");

        var response = new ArchivedResponse { Status = request.Status, Body = request.Body, ArchivedAt = DateTime.UtcNow };
        db.Responses.Add(response);
        await db.SaveChangesAsync(context.RequestAborted);

        var segment = context.Features.Get<Segment>();
        segment?.AddAnnotation("archived_status", request.Status);
        segment?.AddAnnotation("archive_id", response.Id);
        return Results.Created($"/archive/{response.Id}", response);
    }

    private static async Task<IResult> GetAsync(long id, DbConnection connection, CancellationToken cancellationToken)
    {
        var response = await connection.QuerySingleOrDefaultAsync<ArchivedResponse>(
            new CommandDefinition(SelectColumns + " where id = @id", new { id }, cancellationToken: cancellationToken));
        return response is null
            ? Results.Problem(statusCode: 404, detail: $"No archived response has id {id}.")
            : Results.Ok(response);
    }

    private static async Task<IResult> ListAsync(int? status, string? since, DbConnection connection, CancellationToken cancellationToken)
    {
        var filters = new List<string>();
        if (status is not null)
            filters.Add("status = @status");
        // PostgreSQL parses "since" itself, so a value it cannot read fails the command: the demo's failing query.
        if (since is not null)
            filters.Add("archived_at >= @since::timestamptz");
        var sql = SelectColumns + (filters.Count == 0 ? string.Empty : " where " + string.Join(" and ", filters)) + " order by id desc limit 100";
        try
        {
            var responses = await connection.QueryAsync<ArchivedResponse>(new CommandDefinition(sql, new { status, since }, cancellationToken: cancellationToken));
            return Results.Ok(responses);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.InvalidDatetimeFormat or PostgresErrorCodes.DatetimeFieldOverflow)
        {
            return Results.Problem(statusCode: 400, detail: "'since' is not a date and time PostgreSQL can read, such as 2025-01-31T12:00:00Z.");
        }
    }

    private static async Task<IResult> FetchAsync(HttpContext context, IHttpClientFactory clients, IServer server)
    {
        var (request, problem) = await ReadAsync<FetchRequest>(context);
        if (problem is not null)
            return problem;
        if (!Uri.TryCreate(request!.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            return Results.Problem(statusCode: 400, detail: "Send {\"url\": \"http://...\"} with an absolute http or https URL.");

        var client = clients.CreateClient(ArchiverApp.FetcherClient);
        int status;
        string body;
        try
        {
            using var fetched = await client.GetAsync(url, context.RequestAborted);
            status = (int)fetched.StatusCode;
            body = await fetched.Content.ReadAsStringAsync(context.RequestAborted);
        }
        catch (HttpRequestException ex)
        {
            return Results.Problem(statusCode: 502, detail: $"Fetching {url} failed: {ex.Message}");
        }

        context.Features.Get<Segment>()?.AddAnnotation("fetched_status", status);

        // The archiver is a service of its own; it is reached over HTTP like any other, carrying the trace header.
        var archiver = new Uri(new Uri(ServerAddress(server)), "/archive");
        using var archived = await client.PostAsJsonAsync(archiver, new ArchiveRequest(status, body), Json, context.RequestAborted);
        if (!archived.IsSuccessStatusCode)
            return Results.Problem(statusCode: 502, detail: $"The archiver answered {(int)archived.StatusCode}.");
        var stored = await archived.Content.ReadFromJsonAsync<ArchivedResponse>(Json, context.RequestAborted);
        return Results.Ok(new { url = url.ToString(), status, archiveId = stored?.Id });
    }

    private static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpContext context)
        where T : class
    {
        if (!context.Request.HasJsonContentType())
            return (null, Results.Problem(statusCode: 415, detail: "Send the body as application/json."));
        try
        {
            var value = await context.Request.ReadFromJsonAsync<T>(Json, context.RequestAborted);
            return value is null ? (null, Results.Problem(statusCode: 400, detail: "The body is empty; send a JSON object.")) : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, Results.Problem(statusCode: 400, detail: $"The body is not valid JSON: {ex.Message}"));
        }
    }

    private static string ServerAddress(IServer server)
        => server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The server has no address yet.");
}
