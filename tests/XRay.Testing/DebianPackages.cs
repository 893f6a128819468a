using System.Diagnostics;

namespace XRay.Testing;

/// <summary>
/// Installs a server package from Debian's registry when a fresh machine lacks it, so that the test and demo commands
/// set themselves up. Only as root on a machine with apt-get; elsewhere it does nothing and the caller's install
/// hint is shown instead. Installing never starts the package's system service: the tests start their own servers.
/// </summary>
public static class DebianPackages
{
    private const string AptGet = "/usr/bin/apt-get";
    private const string ServicePolicy = "/usr/sbin/policy-rc.d";
    private static readonly string LockFile = Path.Combine(Path.GetTempPath(), "xraydata-apt.lock");

    /// <summary>
    /// Installs <paramref name="package"/> unless <paramref name="installed"/> already holds, one process at a time.
    /// </summary>
    /// <returns>Whether <paramref name="installed"/> holds afterwards.</returns>
    public static bool TryInstall(string package, Func<bool> installed)
    {
        if (installed())
            return true;
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root" || !File.Exists(AptGet))
            return false;

        // Test processes start in parallel; the first installs while the others wait, then find it installed.
        using var exclusive = AcquireLock();
        if (installed())
            return true;

        Console.Error.WriteLine($"Installing {package} from Debian's packages (once per machine)...");
        var policyAdded = false;
        try
        {
            if (!File.Exists(ServicePolicy))
            {
                File.WriteAllText(ServicePolicy, "#!/bin/sh\nexit 101\n");
                File.SetUnixFileMode(ServicePolicy, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                    | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
                policyAdded = true;
            }

            // A fresh machine may have no package lists yet; an install that fails for that reason succeeds after an update.
            if (!Run("install", "-y", "-qq", package))
                _ = Run("update", "-qq") && Run("install", "-y", "-qq", package);
        }
        finally
        {
            if (policyAdded)
                File.Delete(ServicePolicy);
        }

        return installed();
    }

    private static FileStream AcquireLock()
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < 1200)
            {
                Thread.Sleep(500);
            }
        }
    }

    private static bool Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(AptGet) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-o");
        start.ArgumentList.Add("DPkg::Lock::Timeout=600");
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
            Console.Error.WriteLine($"apt-get {string.Join(' ', arguments)} failed ({process.ExitCode}): {errors.Result.Trim()}");
        _ = output.Result;
        return process.ExitCode == 0;
    }
}
