using Microsoft.Extensions.Logging;

namespace XRay.Data;

/// <summary>
/// The logger of <see cref="XRayRecorder.Default"/> when the application gives none: warnings and errors to
/// standard error, so that a misconfiguration is seen rather than swallowed.
/// </summary>
internal sealed class StandardErrorLogger : ILogger
{
    public static StandardErrorLogger Instance { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
            return;
        var line = $"[XRay.Data] {logLevel}: {formatter(state, exception)}";
        if (exception is not null)
            line += $" ({exception.GetType().Name}: {exception.Message})";
        Console.Error.WriteLine(line);
    }
}
