using System.Runtime.InteropServices;

namespace XRay.Data;

/// <summary>
/// Gives the sender thread the lowest scheduling priority: its work (writing and sending datagrams) only fills CPU
/// time the application leaves, and a thread of the application that wakes up takes the core at once instead of
/// waiting for the sender's time slice. On Linux that is the thread's nice value, which .NET's thread priority does
/// not set there.
/// </summary>
internal static class SenderPriority
{
    private const int ProcessPriority = 0;
    private const int Lowest = 19;

    /// <summary>Lowers the calling thread's priority; does nothing where the system does not allow it.</summary>
    public static void Lower()
    {
        try
        {
            if (OperatingSystem.IsLinux())
                _ = SetPriority(ProcessPriority, GetThreadId(), Lowest);
            else
                Thread.CurrentThread.Priority = ThreadPriority.Lowest;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or PlatformNotSupportedException or ThreadStateException)
        {
            // A system without the call sends at normal priority, as before.
        }
    }

    // On Linux setpriority(PRIO_PROCESS, tid, …) sets one thread's nice value; raising it needs no privilege.
    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetPriority(int which, int who, int priority);

    [DllImport("libc", EntryPoint = "gettid")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int GetThreadId();
}
