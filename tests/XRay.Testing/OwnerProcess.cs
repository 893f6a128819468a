using System.Diagnostics;
using System.Globalization;

namespace XRay.Testing;

/// <summary>
/// Names the process that owns a throwaway server (a cluster folder, a container) as <c>pid@start-second</c>, so a
/// later run can tell a live owner from a dead one, also when the dead one's process id has been reused.
/// </summary>
public static class OwnerProcess
{
    /// <summary>The file in a server's folder that names its owner.</summary>
    public const string FileName = "owner";

    /// <summary>This process.</summary>
    public static string Current { get; } = Describe(Environment.ProcessId)
        ?? throw new InvalidOperationException("The current process cannot describe itself.");

    /// <summary>The owner name of a running process, or null when it is gone.</summary>
    public static string? Describe(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            var started = new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeSeconds();
            return string.Create(CultureInfo.InvariantCulture, $"{processId}@{started}");
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// Whether the process an owner name describes still runs: same id, started within a second of the recorded time
    /// (the start time is derived from the boot time, which can be read a little differently each time).
    /// </summary>
    public static bool IsAlive(string? owner)
    {
        if (!TryParse(owner, out var processId, out var started) || Describe(processId) is not { } current)
            return false;
        return TryParse(current, out _, out var currentStarted) && Math.Abs(currentStarted - started) <= 1;
    }

    /// <summary>
    /// Marks <paramref name="folder"/> as owned by this process. The file appears whole (written aside, then renamed),
    /// so a sweep running at the same moment never reads a half-written owner.
    /// </summary>
    public static void Claim(string folder)
    {
        var pending = Path.Combine(folder, FileName + ".pending");
        File.WriteAllText(pending, Current);
        File.Move(pending, Path.Combine(folder, FileName), overwrite: true);
    }

    /// <summary>The owner recorded in <paramref name="folder"/>, or null when there is none that can be read.</summary>
    public static string? ClaimOf(string folder)
    {
        try
        {
            var owner = File.ReadAllText(Path.Combine(folder, FileName)).Trim();
            return TryParse(owner, out _, out _) ? owner : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool TryParse(string? owner, out int processId, out long started)
    {
        processId = 0;
        started = 0;
        var at = owner?.IndexOf('@', StringComparison.Ordinal) ?? -1;
        return at > 0
            && int.TryParse(owner.AsSpan(0, at), NumberStyles.None, CultureInfo.InvariantCulture, out processId)
            && long.TryParse(owner.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out started);
    }
}
