using System.Net.Sockets;
using ArchiverDb;
using Npgsql;
using XRay.Data;
using XRay.Testing;

const string Usage = """
    Usage: dotnet run --project samples/ArchiverDb [-- [--serve] [--json] [--daemon host:port] [--urls url]]

      (no arguments)      start the fetcher and archiver services, send them a few requests, print the traces
      --serve             keep serving after the demo requests and print each new trace
      --json              print the documents as the daemon receives them instead of the trees
      --daemon host:port  send segments to a real X-Ray daemon (also AWS_XRAY_DAEMON_ADDRESS) instead of printing them
      --urls url          where to listen (default: a free port on 127.0.0.1; 127.0.0.1:5080 with --serve)

    PostgreSQL: XRAYDATA_POSTGRES (a connection string) or else a throwaway local cluster.
    """;

var serve = false;
var json = false;
string? urls = null;
var daemonText = Environment.GetEnvironmentVariable("AWS_XRAY_DAEMON_ADDRESS");
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--serve":
            serve = true;
            break;
        case "--json":
            json = true;
            break;
        case "--daemon" when i + 1 < args.Length:
            daemonText = args[++i];
            break;
        case "--urls" when i + 1 < args.Length:
            urls = args[++i];
            break;
        case "-h" or "--help":
            Console.WriteLine(Usage);
            return 0;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}'.");
            Console.Error.WriteLine(Usage);
            return 2;
    }
}

DaemonAddress? daemon = null;
if (!string.IsNullOrWhiteSpace(daemonText) && !DaemonAddress.TryParse(daemonText, out daemon))
{
    Console.Error.WriteLine($"'{daemonText}' is not a daemon address; use host:port, such as 127.0.0.1:2000.");
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

string connectionString;
try
{
    connectionString = LocalPostgres.ConnectionStringFrom("XRAYDATA_POSTGRES");
}
catch (InvalidOperationException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 1;
}

try
{
    var options = new DemoOptions
    {
        ConnectionString = connectionString,
        Daemon = daemon,
        Serve = serve,
        Json = json,
        Urls = urls ?? (serve ? "http://127.0.0.1:5080" : "http://127.0.0.1:0"),
    };
    await Demo.RunAsync(options, Console.Out, stop.Token);
    return 0;
}
catch (Exception ex) when (DatabaseError(ex) is { } error)
{
    Console.Error.WriteLine($"error: PostgreSQL could not be reached ({error.Message}). Start it, or unset XRAYDATA_POSTGRES to let the demo start a local one.");
    return 1;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    return 0;
}

// EF Core wraps connection failures in its own exceptions; the provider's one says what went wrong.
static Exception? DatabaseError(Exception? exception)
{
    for (; exception is not null; exception = exception.InnerException)
    {
        if (exception is NpgsqlException or SocketException)
            return exception;
    }

    return null;
}
