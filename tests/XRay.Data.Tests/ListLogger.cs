using Microsoft.Extensions.Logging;

namespace XRay.Data.Tests;

/// <summary>Keeps what was logged, for assertions.</summary>
internal sealed class ListLogger : ILogger
{
    private readonly List<string> lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (lines)
                return [.. lines];
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (lines)
            lines.Add($"{logLevel}: {formatter(state, exception)}");
    }
}
