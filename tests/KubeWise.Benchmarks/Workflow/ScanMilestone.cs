using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace KubeWise.Benchmarks.Workflow;

/// <summary>
/// Notes when the scan cycle inside a timer tick finished, from the cycle's own "Scan cycle at …" log entry
/// (ScanLog event 6005), so a tick splits into the scan and what the timer adds after it without touching the app.
/// </summary>
internal sealed class ScanMilestone : ILoggerProvider, ILogger
{
    private const int ScanCycleCompleted = 6005;
    private long _completedAt;

    /// <summary>Stopwatch timestamp of the last completed scan cycle; 0 before one.</summary>
    public long CompletedAt => Interlocked.Read(ref _completedAt);

    public void Reset() => Interlocked.Exchange(ref _completedAt, 0);

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Id == ScanCycleCompleted)
        {
            Interlocked.Exchange(ref _completedAt, Stopwatch.GetTimestamp());
        }
    }

    public void Dispose()
    {
    }
}
