namespace XRay.Testing;

/// <summary>Reads a process's command line, to check that a pid from a file still belongs to the server that wrote it.</summary>
public static class ProcessCommandLine
{
    /// <summary>Whether process <paramref name="pid"/> runs and its command line contains <paramref name="text"/>.</summary>
    public static bool Mentions(string? pid, string text)
    {
        if (!int.TryParse(pid, out var id) || id <= 0)
            return false;
        try
        {
            return File.ReadAllText($"/proc/{id}/cmdline").Contains(text, StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
