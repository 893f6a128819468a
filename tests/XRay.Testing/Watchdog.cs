using System.Diagnostics;

namespace XRay.Testing;

/// <summary>
/// A small shell process, in a session of its own, that waits for this process to end and then removes a server it
/// started. Disposing on process exit is not enough: <c>dotnet test</c> kills a test host that takes more than 100 ms
/// to exit once its tests are done, and a killed process runs no exit handlers. What the watchdog misses (a machine
/// restart) the sweep of the next run removes.
/// </summary>
public static class Watchdog
{
    // $1 the owner's pid, $2 the server's folder (or empty), then the command that stops the server. A folder that is
    // gone means the server was disposed, and its pid may belong to someone else by now. The output goes nowhere: the
    // test host's pipes close when it dies, and a write to them would end the watchdog.
    private const string Script = """
        exec </dev/null >/dev/null 2>&1
        owner=$1 folder=$2
        shift 2
        while kill -0 "$owner"; do sleep 1; done
        if [ -z "$folder" ]; then
          "$@"
        elif [ -d "$folder" ]; then
          "$@"
          rm -rf "$folder"
        fi
        """;

    /// <summary>
    /// Once this process has ended, runs <paramref name="stop"/> and deletes <paramref name="folder"/> if the folder
    /// still exists (or runs <paramref name="stop"/> alone when there is no folder).
    /// </summary>
    public static void Guard(string? folder, params string[] stop) => Guard(Environment.ProcessId, folder, stop);

    /// <summary>As <see cref="Guard(string?, string[])"/>, for the end of process <paramref name="owner"/>.</summary>
    public static void Guard(int owner, string? folder, params string[] stop)
    {
        var session = FindOnPath("setsid");
        var start = new ProcessStartInfo(session ?? "sh")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])[.. session is null ? [] : (string[])["sh"], "-c", Script, "xraydata-watchdog",
            owner.ToString(System.Globalization.CultureInfo.InvariantCulture), folder ?? string.Empty, .. stop])
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No shell: the next run's sweep removes what this one leaves.
        }
    }

    /// <summary>
    /// Once process <paramref name="ownerPid"/> has ended, removes every container labelled as owned by
    /// <paramref name="owner"/>, also one still starting. Needs the docker command; without it, nothing is guarded.
    /// </summary>
    public static void GuardContainers(int ownerPid, string owner)
    {
        if (FindOnPath("docker") is not { } docker)
            return;
        const string RemoveOwned = """ids=$("$0" ps --all --quiet --filter "label=$1"); [ -z "$ids" ] || "$0" rm --force --volumes $ids""";
        Guard(ownerPid, null, "sh", "-c", RemoveOwned, docker, $"{ContainerLabels.Owner}={owner}");
    }

    /// <summary>The full path of a program on the PATH, or null.</summary>
    public static string? FindOnPath(string name)
        => (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
}
