using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace KubeWise.EndToEnd.Tests.Harness;

/// <summary>
/// Keeps the app's own log lines (KubeWise.*, Information and up), so a failing scenario says what the system did, and
/// the scan loop's failed ticks apart.
/// </summary>
internal sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<string> _tickFailures = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>The scan loop's "tick failed" entries (its event TickFailed), as "ExceptionType: message".</summary>
    public IReadOnlyList<string> TickFailures => [.. _tickFailures];

    public string Tail(int count = 40) => string.Join(Environment.NewLine, Lines.TakeLast(count));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(RecordingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information && category.StartsWith("KubeWise", StringComparison.Ordinal);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel) && eventId.Name == "TickFailed" && exception is not null)
            {
                owner._tickFailures.Enqueue($"{exception.GetType().Name}: {exception.Message}");
            }

            if (IsEnabled(logLevel))
            {
                owner._lines.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : " " + exception.Message)}");
            }
        }
    }
}
