using System.Data.Common;
using System.Globalization;

namespace XRay.Data;

/// <summary>
/// Where a connection goes, as OpenTelemetry names it: <c>server.address</c>, <c>server.port</c> and
/// <c>db.namespace</c>. Each is null when the connection does not say; a file database has no server.
/// </summary>
/// <param name="Address">The host, already normalized so that nothing but a host name or address passes.</param>
/// <param name="Port">The port the connection string names.</param>
/// <param name="Database">The database, already normalized.</param>
internal readonly record struct ServerEndpoint(string? Address, int? Port, string? Database)
{
    /// <summary>
    /// The port a connection string names: a <c>Port</c> key (Npgsql, MySQL), or one written after the host in its
    /// data source (<c>host,1433</c>, <c>host:5432</c>). Null when there is none, or it is not a port number.
    /// </summary>
    public static int? PortOf(string connectionString, string? dataSource)
    {
        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
            if (builder.TryGetValue("port", out var value) && Parse(Convert.ToString(value, CultureInfo.InvariantCulture)) is { } port)
                return port;
        }
#pragma warning disable CA1031 // A connection string the general grammar cannot read simply names no port.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        if (dataSource is null)
            return null;
        var s = dataSource.AsSpan().Trim();
        var comma = s.LastIndexOf(',');
        if (comma >= 0)
            return Parse(s[(comma + 1)..]);
        var colon = s.LastIndexOf(':');
        return colon >= 0 && s.IndexOf(':') == colon && !s.EndsWith("]") ? Parse(s[(colon + 1)..]) : null;
    }

    private static int? Parse(ReadOnlySpan<char> text)
        => int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535 ? port : null;
}
