using Microsoft.Extensions.Logging;

namespace XRay.EFCore.Tests;

/// <summary>Keeps what the recorder logs, for tests that check what was reported.</summary>
internal sealed class ListLogger : ILogger
{
    private readonly Lock sync = new();
    private readonly List<(LogLevel Level, string Message, Exception? Exception)> entries = [];

    public IReadOnlyList<(LogLevel Level, string Message, Exception? Exception)> Entries
    {
        get
        {
            lock (sync)
                return [.. entries];
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (sync)
            entries.Add((logLevel, formatter(state, exception), exception));
    }
}
