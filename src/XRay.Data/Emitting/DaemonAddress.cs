using System.Globalization;

namespace XRay.Data;

/// <summary>
/// Where the X-Ray daemon listens for segments, as <c>AWS_XRAY_DAEMON_ADDRESS</c> gives it: <c>host:port</c>, or
/// <c>udp:host:port tcp:host:port</c> in either order. Segments go to the UDP address; the TCP one (the daemon's
/// sampling proxy) is accepted and not used.
/// </summary>
public sealed class DaemonAddress
{
    /// <summary>Builds an address.</summary>
    public DaemonAddress(string udpHost, int udpPort)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(udpHost);
        ArgumentOutOfRangeException.ThrowIfLessThan(udpPort, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(udpPort, 65535);
        UdpHost = udpHost;
        UdpPort = udpPort;
    }

    /// <summary><c>127.0.0.1:2000</c>, the daemon's default.</summary>
    public static DaemonAddress Default { get; } = new("127.0.0.1", 2000);

    /// <summary>The host segments are sent to.</summary>
    public string UdpHost { get; }

    /// <summary>The UDP port segments are sent to.</summary>
    public int UdpPort { get; }

    /// <summary>Parses the environment variable's forms; never throws.</summary>
    public static bool TryParse(string? value, out DaemonAddress? address)
    {
        address = null;
        if (string.IsNullOrWhiteSpace(value))
            return false;
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 1)
        {
            if (!TryHostPort(parts[0], out var host, out var port))
                return false;
            address = new DaemonAddress(host, port);
            return true;
        }

        if (parts.Length != 2)
            return false;
        string? udpHost = null, tcpHost = null;
        var udpPort = 0;
        foreach (var part in parts)
        {
            if (part.StartsWith("udp:", StringComparison.OrdinalIgnoreCase) && udpHost is null)
            {
                if (!TryHostPort(part[4..], out udpHost, out udpPort))
                    return false;
            }
            else if (part.StartsWith("tcp:", StringComparison.OrdinalIgnoreCase) && tcpHost is null)
            {
                if (!TryHostPort(part[4..], out tcpHost, out _))
                    return false;
            }
            else
            {
                return false;
            }
        }

        address = new DaemonAddress(udpHost!, udpPort);
        return true;
    }

    private static bool TryHostPort(string text, out string host, out int port)
    {
        host = string.Empty;
        port = 0;
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
            return false;
        host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
            host = host[1..^1];
        else if (host.Contains(':', StringComparison.Ordinal))
            return false;
        return host.Length > 0
            && !host.Any(char.IsWhiteSpace)
            && int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port)
            && port is >= 1 and <= 65535;
    }

    /// <inheritdoc />
    public override string ToString() => UdpHost.Contains(':', StringComparison.Ordinal) ? $"[{UdpHost}]:{UdpPort}" : $"{UdpHost}:{UdpPort}";
}
