using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace XRay.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster from the machine's own binaries: initdb into a temporary folder, started with
/// pg_ctl on a free loopback port with fsync off, removed on dispose. Runs the binaries as the <c>postgres</c> user
/// when the process is root, because initdb refuses to run as root. The folder names its owning process, so a later
/// start stops and removes the clusters of test hosts that were killed.
/// </summary>
public sealed class LocalPostgres : ILocalServer
{
    /// <summary>The superuser's password; host connections must authenticate, so secrets are really exercised.</summary>
    public const string SuperuserPassword = "Xr4y-local-Secret";

    /// <summary>What to tell someone whose machine has no PostgreSQL.</summary>
    public const string InstallHint =
        "PostgreSQL server binaries (initdb, pg_ctl) were not found. Install them with 'apt-get install postgresql' " +
        "(Debian/Ubuntu), or set XRAYDATA_PG_BIN to the folder holding initdb, or point the connection-string " +
        "variable at a running server.";

    /// <summary>The start of the name of every cluster's folder under the temporary folder.</summary>
    public const string FolderPrefix = "xraydata-postgres-";

    private readonly string binDirectory;
    private readonly string root;
    private readonly bool asPostgresUser;
    private int disposed;

    private LocalPostgres(string binDirectory, string root, bool asPostgresUser, int port)
    {
        this.binDirectory = binDirectory;
        this.root = root;
        this.asPostgresUser = asPostgresUser;
        Port = port;
    }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>The folder holding the cluster's data, socket and log.</summary>
    public string Folder => root;

    /// <summary>A connection string for the superuser on the <c>postgres</c> database.</summary>
    public string ConnectionString => ConnectionStringFor(Port);

    /// <summary>Whether the machine has the binaries a local cluster needs.</summary>
    public static bool IsInstalled => FindBinaries() is not null;

    /// <summary>A connection string for the superuser on the <c>postgres</c> database of a server on 127.0.0.1.</summary>
    public static string ConnectionStringFor(int port)
        => $"Host=127.0.0.1;Port={port};Username=postgres;Password={SuperuserPassword};Database=postgres;Pooling=true";

    /// <summary>
    /// The connection string to use: <paramref name="variable"/> when it is set, else a new local cluster (kept for
    /// the life of the process and removed when it exits).
    /// </summary>
    /// <exception cref="InvalidOperationException">No server is configured and none can be started; the message says how to install one.</exception>
    public static string ConnectionStringFrom(string variable)
    {
        var configured = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrWhiteSpace(configured))
            return configured;
        var server = Start();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        return server.ConnectionString;
    }

    /// <summary>Creates and starts a cluster; takes about a second.</summary>
    /// <exception cref="InvalidOperationException">PostgreSQL is not installed or the cluster does not start.</exception>
    public static LocalPostgres Start()
    {
        DebianPackages.TryInstall("postgresql", static () => IsInstalled);
        var bin = FindBinaries() ?? throw new InvalidOperationException(InstallHint);
        var asPostgres = Environment.UserName == "root";
        SweepAbandoned(bin, asPostgres);
        var root = Path.Combine(Path.GetTempPath(), FolderPrefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        OwnerProcess.Claim(root);
        var data = Path.Combine(root, "data");
        string[] stop = [Path.Combine(bin, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"];
        Watchdog.Guard(root, asPostgres ? ["runuser", "-u", "postgres", "--", .. stop] : stop);
        var passwordFile = Path.Combine(root, "pwfile");
        File.WriteAllText(passwordFile, SuperuserPassword + "\n");
        if (asPostgres)
            Run("chown", ["-R", "postgres", root], asPostgresUser: false);

        var port = FreePort();
        var server = new LocalPostgres(bin, root, asPostgres, port);
        try
        {
            server.Tool("initdb", "-D", data, "-U", "postgres", "-E", "UTF8", "--no-locale", "--no-sync",
                "--auth-local=trust", "--auth-host=scram-sha-256", "--pwfile=" + passwordFile);
            server.Tool("pg_ctl", "-D", data, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60", "-o",
                $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
                "start");
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Stops the server at once and deletes its folder.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
            return;
        try
        {
            if (Directory.Exists(Path.Combine(root, "data", "global")))
                Tool("pg_ctl", "-D", Path.Combine(root, "data"), "-m", "immediate", "-w", "stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped; the folder still goes.
        }

        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>
    /// Stops the servers and removes the folders of clusters whose owning process is gone: a test host that is killed
    /// never gets to stop its own. A folder still being set up (no owner yet) is left alone for its first minutes.
    /// </summary>
    private static void SweepAbandoned(string binDirectory, bool asPostgresUser)
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            try
            {
                var owner = OwnerProcess.ClaimOf(folder);
                var pidFile = Path.Combine(folder, "data", "postmaster.pid");
                var serverRuns = File.Exists(pidFile) && ProcessCommandLine.Mentions(File.ReadLines(pidFile).FirstOrDefault(), folder);
                // A folder without an owner is being set up, or its setup failed: only an old one without a server goes.
                var abandoned = owner is not null
                    ? !OwnerProcess.IsAlive(owner)
                    : !serverRuns && Directory.GetCreationTimeUtc(folder) < DateTime.UtcNow.AddMinutes(-5);
                if (!abandoned)
                    continue;
                // pg_ctl signals the pid in postmaster.pid, which may since have been given to another process.
                if (serverRuns)
                    new LocalPostgres(binDirectory, folder, asPostgresUser, 0).Dispose();
                else
                    Directory.Delete(folder, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Another run may be removing it at the same moment; the next sweep will see.
            }
        }
    }

    private static string? FindBinaries()
    {
        var configured = Environment.GetEnvironmentVariable("XRAYDATA_PG_BIN");
        if (!string.IsNullOrWhiteSpace(configured) && File.Exists(Path.Combine(configured, "initdb")))
            return configured;
        const string debian = "/usr/lib/postgresql";
        if (Directory.Exists(debian))
        {
            var newest = Directory.GetDirectories(debian)
                .Select(dir => (dir, version: int.TryParse(Path.GetFileName(dir), out var v) ? v : 0))
                .Where(x => File.Exists(Path.Combine(x.dir, "bin", "initdb")))
                .OrderByDescending(x => x.version)
                .Select(x => Path.Combine(x.dir, "bin"))
                .FirstOrDefault();
            if (newest is not null)
                return newest;
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':'))
        {
            if (dir.Length > 0 && File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
                return dir;
        }

        return null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Tool(string name, params string[] arguments) => Run(Path.Combine(binDirectory, name), arguments, asPostgresUser);

    private static void Run(string file, string[] arguments, bool asPostgresUser)
    {
        var start = new ProcessStartInfo(asPostgresUser ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgresUser)
        {
            foreach (var prefix in new[] { "-u", "postgres", "--", file })
                start.ArgumentList.Add(prefix);
        }

        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Path.GetFileName(file)} did not finish in two minutes.");
        }

        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} failed with exit code {process.ExitCode}: {error.Result}{output.Result}");
    }
}
