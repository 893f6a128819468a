namespace XRay.Testing;

/// <summary>A throwaway server from the machine's own binaries, removed on dispose.</summary>
public interface ILocalServer : IDisposable
{
    /// <summary>The loopback port the server listens on.</summary>
    int Port { get; }

    /// <summary>A connection string for the server's test user.</summary>
    string ConnectionString { get; }
}
