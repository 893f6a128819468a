using System.Security.Cryptography;
using System.Text;

namespace XRay.Data;

/// <summary>
/// Names SQLite databases, whose data source is a file rather than a server: the host of <c>database@host</c> is the
/// file's name without its folders (which can hold personal names), followed by <c>#</c> and eight hex digits of a
/// SHA-256 hash of its full path, so that <c>/srv/a/orders.db</c> and <c>/srv/b/orders.db</c> stay two databases:
/// <c>main@orders.db#1f0c3a9e</c>. In-memory databases are named <c>main@:memory:</c>, or <c>main@:memory:name</c>
/// for a named shared one (<c>Data Source=name;Mode=Memory</c>, <c>file:name?mode=memory</c>); a temporary on-disk
/// database (empty data source) is <c>main@:temp:</c>.
/// </summary>
internal static class SqliteDataSource
{
    /// <summary>The in-memory host.</summary>
    public const string Memory = ":memory:";

    /// <summary>The host of a temporary database.</summary>
    public const string Temporary = ":temp:";

    /// <summary>The host part of the subsegment name for a data source.</summary>
    /// <param name="dataSource">The file, <c>file:</c> URI or <c>:memory:</c>, as recorded.</param>
    /// <param name="mode">The <c>Mode</c> of the connection string, when it has one.</param>
    /// <returns>The host, or null when the file name holds what no file name should (see <see cref="IsRecordable"/>).</returns>
    public static string? Name(string? dataSource, string? mode)
    {
        dataSource = WithoutUserInformation(dataSource);
        if (!IsRecordable(dataSource))
            return null;
        var (path, memory, uri) = Read(dataSource, mode);
        var fileName = FileName(path);
        if (memory)
            return fileName.Length == 0 || fileName == Memory ? Memory : Memory + fileName;
        return fileName.Length == 0 ? Temporary : fileName + "#" + Hash(uri ? path : dataSource.Trim());
    }

    /// <summary>
    /// False when the file name (folders and URI parameters aside) holds <c>=</c>, <c>;</c>, <c>?</c>, <c>&amp;</c>,
    /// <c>#</c> or <c>@</c>: the marks of a parameter (<c>x.db?key=…</c> outside a <c>file:</c> URI) or of user
    /// information rather than of a file's name.
    /// </summary>
    public static bool IsRecordable(string? dataSource)
        => FileName(Read(dataSource, mode: null).Path).AsSpan().IndexOfAny("=;?&#@") < 0;

    /// <summary>The data source without anything up to its last <c>@</c>.</summary>
    public static string WithoutUserInformation(string? dataSource)
    {
        var text = dataSource ?? string.Empty;
        var at = text.LastIndexOf('@');
        return at >= 0 ? text[(at + 1)..] : text;
    }

    /// <summary>The data source as recorded in the connection string: its file name, without folders or URI parameters.</summary>
    public static string Display(string dataSource)
    {
        var (path, memory, uri) = Read(dataSource, mode: null);
        var fileName = FileName(path);
        if (!uri)
            return fileName;
        return memory ? "file:" + fileName + "?mode=memory" : "file:" + fileName;
    }

    private static (string Path, bool Memory, bool Uri) Read(string? dataSource, string? mode)
    {
        var text = dataSource?.Trim() ?? string.Empty;
        var memory = string.Equals(mode?.Trim(), "memory", StringComparison.OrdinalIgnoreCase);
        if (!text.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            return (text, memory || text == Memory, false);

        var rest = text.AsSpan(5);
        var fragment = rest.IndexOf('#');
        if (fragment >= 0)
            rest = rest[..fragment];
        var queryStart = rest.IndexOf('?');
        var path = queryStart >= 0 ? rest[..queryStart] : rest;
        if (queryStart >= 0)
        {
            foreach (var range in rest[(queryStart + 1)..].Split('&'))
            {
                var parameter = rest[(queryStart + 1)..][range];
                if (parameter.Equals("mode=memory", StringComparison.OrdinalIgnoreCase) || parameter.Equals("vfs=memdb", StringComparison.OrdinalIgnoreCase))
                    memory = true;
            }
        }

        if (path.StartsWith("//"))
        {
            // file://host/path: the authority is not part of the path.
            path = path[2..];
            var slash = path.IndexOf('/');
            path = slash >= 0 ? path[slash..] : [];
        }

        var decoded = Uri.UnescapeDataString(path.ToString());
        return (decoded, memory || decoded == Memory, true);
    }

    private static string FileName(string path)
    {
        var span = path.AsSpan().TrimEnd("/\\");
        var separator = span.LastIndexOfAny('/', '\\');
        return span[(separator + 1)..].Trim().ToString();
    }

    private static string Hash(string path)
    {
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
#pragma warning disable CA1031 // A path the runtime cannot resolve is hashed as written.
        catch (Exception)
#pragma warning restore CA1031
        {
            full = path;
        }

        if (OperatingSystem.IsWindows())
            full = full.ToUpperInvariant();
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(full), hash);
        return Convert.ToHexStringLower(hash[..4]);
    }
}
