using System.Diagnostics;
using XRay.Testing;

namespace XRay.Testing.Tests;

/// <summary>Owner names of processes that are gone, as a killed test host leaves them.</summary>
internal static class DeadOwner
{
    /// <summary>The owner name of a process that ran and was killed.</summary>
    public static string Killed()
    {
        using var process = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })
            ?? throw new InvalidOperationException("Could not start sleep.");
        var owner = OwnerProcess.Describe(process.Id) ?? throw new InvalidOperationException("sleep exited at once.");
        process.Kill();
        process.WaitForExit();
        return owner;
    }

    /// <summary>This process's id with another start time: how a dead owner looks once its pid has been reused.</summary>
    public static string WithReusedPid() => $"{Environment.ProcessId}@1000000000";
}
