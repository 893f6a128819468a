using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace XRay.Testing;

/// <summary>
/// A throwaway MariaDB server from the machine's own binaries: mariadb-install-db into a temporary folder, the test
/// user created in bootstrap mode, then mariadbd on a free loopback port; stopped and removed on dispose. Run as the
/// <c>mysql</c> user when the process is root. No option file is read, so the machine's own MariaDB setup does not
/// matter, and host connections must authenticate with the password.
/// </summary>
public sealed class LocalMariaDb : ILocalServer
{
    /// <summary>The test user, with every privilege; it connects from any host with <see cref="Password"/>.</summary>
    public const string User = "xraydata";

    /// <summary>The test user's password.</summary>
    public const string Password = "Xr4y-maria-Secret";

    /// <summary>The database created for the tests.</summary>
    public const string Database = "xraydata";

    /// <summary>What to tell someone whose machine has no MariaDB.</summary>
    public const string InstallHint =
        "MariaDB server binaries (mariadbd, mariadb-install-db) were not found. Install them with 'apt-get install " +
        "mariadb-server' (Debian/Ubuntu), or set XRAYDATA_MARIADB_BIN to the folder holding them, or run Docker, or " +
        "point XRAYDATA_TEST_MARIADB at a running server.";

    /// <summary>The statements that create the test user and database, for bootstrap mode and for a container's first start.</summary>
    public static readonly string SetupSql =
        $"CREATE USER IF NOT EXISTS '{User}'@'%' IDENTIFIED BY '{Password}';\n" +
        $"GRANT ALL PRIVILEGES ON *.* TO '{User}'@'%' WITH GRANT OPTION;\n" +
        $"CREATE DATABASE IF NOT EXISTS `{Database}`;\n";

    /// <summary>The start of the name of every server's folder under the temporary folder.</summary>
    public const string FolderPrefix = "xraydata-mariadb-";
    private const string PidFile = "mariadbd.pid";

    private readonly string root;
    private readonly Process server;
    private int disposed;

    private LocalMariaDb(string root, Process server, int port)
    {
        this.root = root;
        this.server = server;
        Port = port;
    }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>The folder holding the server's data, socket, pid file and log.</summary>
    public string Folder => root;

    /// <summary>A connection string for the test user on the test database.</summary>
    public string ConnectionString => ConnectionStringFor(Port);

    /// <summary>Whether the machine has the binaries a local server needs.</summary>
    public static bool IsInstalled => FindBinaries() is not null;

    /// <summary>A connection string for the test user on the test database of a server on 127.0.0.1.</summary>
    public static string ConnectionStringFor(int port)
        => $"Server=127.0.0.1;Port={port};User ID={User};Password={Password};Database={Database}";

    /// <summary>Creates and starts a server; takes a few seconds.</summary>
    /// <exception cref="InvalidOperationException">MariaDB is not installed or the server does not start.</exception>
    public static LocalMariaDb Start()
    {
        DebianPackages.TryInstall("mariadb-server", static () => IsInstalled);
        var binaries = FindBinaries() ?? throw new InvalidOperationException(InstallHint);
        SweepAbandoned();
        var asMysql = Environment.UserName == "root";
        var root = Path.Combine(Path.GetTempPath(), FolderPrefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        OwnerProcess.Claim(root);
        // While the folder exists, the pid in its pid file is this server's.
        Watchdog.Guard(root, "sh", "-c", "pid=$(cat \"$0\") && kill -KILL \"$pid\"", Path.Combine(root, PidFile));
        var data = Path.Combine(root, "data");
        string[] common = asMysql ? ["--no-defaults", "--user=mysql", "--datadir=" + data] : ["--no-defaults", "--datadir=" + data];
        try
        {
            if (asMysql)
                Run("chown", ["mysql", root], input: null);
            Run(binaries.InstallDb, [.. common, "--auth-root-authentication-method=socket", "--skip-test-db"], input: null);
            // Bootstrap mode starts without the grant tables; loading them lets account statements run.
            Run(binaries.Server, [.. common, "--bootstrap", "--log-warnings=0"], input: "FLUSH PRIVILEGES;\n" + SetupSql);
        }
        catch
        {
            DeleteFolder(root);
            throw;
        }

        var port = FreePort();
        // The server logs to its folder; its own output is drained so it never holds the test host's output open.
        var start = new ProcessStartInfo(binaries.Server) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])[.. common,
            "--socket=" + Path.Combine(root, "mariadbd.sock"), "--pid-file=" + Path.Combine(root, PidFile),
            "--log-error=" + Path.Combine(root, "server.log"), "--bind-address=127.0.0.1", $"--port={port}",
            "--skip-name-resolve", "--character-set-server=utf8mb4", "--collation-server=utf8mb4_general_ci",
            "--innodb-flush-log-at-trx-commit=0", "--max-connections=300"])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {binaries.Server}.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new LocalMariaDb(root, process, port);
        try
        {
            server.WaitUntilReady();
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
            if (!server.HasExited)
            {
                server.Kill();
                server.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited on its own.
        }

        server.Dispose();
        DeleteFolder(root);
    }

    /// <summary>
    /// Removes the servers and folders of test runs whose process is gone: a test host that is killed never gets to
    /// stop its own server. A folder still being set up (no owner yet) is left alone for its first minutes.
    /// </summary>
    private static void SweepAbandoned()
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            try
            {
                var pidFile = Path.Combine(folder, PidFile);
                var pid = File.Exists(pidFile) ? File.ReadAllText(pidFile).Trim() : null;
                var serverRuns = ProcessCommandLine.Mentions(pid, folder);
                // A folder without an owner is being set up, or its setup failed: only an old one without a server goes.
                var abandoned = OwnerProcess.ClaimOf(folder) is { } owner
                    ? !OwnerProcess.IsAlive(owner)
                    : !serverRuns && Directory.GetCreationTimeUtc(folder) < DateTime.UtcNow.AddMinutes(-5);
                if (!abandoned)
                    continue;
                if (serverRuns && pid is not null)
                    StopServer(pid);
                DeleteFolder(folder);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Another run may be removing it at the same moment; the next sweep will see.
            }
        }
    }

    private static void StopServer(string pid)
    {
        try
        {
            using var process = Process.GetProcessById(int.Parse(pid, CultureInfo.InvariantCulture));
            process.Kill();
            process.WaitForExit(10_000);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // Already gone.
        }
    }

    private void WaitUntilReady()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (server.HasExited)
                throw new InvalidOperationException($"mariadbd exited with code {server.ExitCode}: {ReadLog()}");
            if (GreetsOnPort(Port))
                return;
            if (DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"mariadbd did not accept connections within a minute: {ReadLog()}");
            Thread.Sleep(50);
        }
    }

    // The server opens its port once InnoDB is up; its greeting packet (protocol version 10) means it takes logins.
    private static bool GreetsOnPort(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            client.ReceiveTimeout = 5_000;
            var header = new byte[5];
            var read = 0;
            var stream = client.GetStream();
            while (read < header.Length)
            {
                var n = stream.Read(header, read, header.Length - read);
                if (n == 0)
                    return false;
                read += n;
            }

            return header[4] == 10;
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            return false;
        }
    }

    private string ReadLog()
    {
        var log = Path.Combine(root, "server.log");
        return File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(20)) : "(no log)";
    }

    private static (string Server, string InstallDb)? FindBinaries()
    {
        var configured = Environment.GetEnvironmentVariable("XRAYDATA_MARIADB_BIN");
        IEnumerable<string> folders = string.IsNullOrWhiteSpace(configured)
            ? [.. (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries), "/usr/sbin", "/usr/bin"]
            : [configured];
        string? server = null, installDb = null;
        foreach (var folder in folders)
        {
            server ??= Existing(folder, "mariadbd");
            installDb ??= Existing(folder, "mariadb-install-db");
        }

        return server is not null && installDb is not null ? (server, installDb) : null;

        static string? Existing(string folder, string name)
        {
            var path = Path.Combine(folder, name);
            return File.Exists(path) ? path : null;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static void Run(string file, string[] arguments, string? input)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }

        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Path.GetFileName(file)} did not finish in two minutes.");
        }

        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} failed with exit code {process.ExitCode}: {error.Result}{output.Result}");
    }
}
