using System.Globalization;
using KubeWise.Core.Progress;

namespace KubeWise.Cli;

/// <summary>
/// Renders <see cref="ProgressUpdate"/>s as one status line on a terminal's stderr, rewritten in place, with the elapsed
/// time kept moving once a second while a step waits (a hung dependency shows as a growing count against its timeout,
/// not as silence). Only for a terminal: <see cref="Start"/> gives none when stderr is redirected, so logs and pipes
/// never see control characters. Disposing it erases the line, before the result is printed.
/// </summary>
internal sealed class TerminalProgress : IProgress<ProgressUpdate>, IDisposable
{
    private const int MaxWidth = 100;
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    private readonly TextWriter _error;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private ProgressUpdate? _last;
    private long _receivedAt;
    private int _shown;
    private bool _disposed;

    public TerminalProgress(TextWriter error, TimeProvider? time = null)
    {
        _error = error;
        _time = time ?? TimeProvider.System;
        _timer = _time.CreateTimer(_ => Redraw(), null, Tick, Tick);
    }

    /// <summary>A renderer when <paramref name="error"/> is the process's stderr and that is a terminal; otherwise null (nobody listens).</summary>
    public static TerminalProgress? Start(TextWriter error) =>
        ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected ? new TerminalProgress(error) : null;

    public void Report(ProgressUpdate value)
    {
        lock (_gate)
        {
            _last = value;
            _receivedAt = _time.GetTimestamp();
            Draw(value);
        }
    }

    /// <summary>The text of the status line for <paramref name="update"/>.</summary>
    internal static string Line(ProgressUpdate update)
    {
        var count = update.Total is { } total ? string.Create(CultureInfo.InvariantCulture, $" {update.Done}/{total}") : string.Empty;
        var limit = update.Timeout is { } timeout ? $" (gives up after {Seconds(timeout)})" : string.Empty;
        var line = $"{update.Operation}: {update.Step}{count} · {Seconds(update.Elapsed)}{limit}";
        return line.Length <= MaxWidth ? line : string.Concat(line.AsSpan(0, MaxWidth - 1), "…");
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _timer.Dispose();
            Clear();
        }
    }

    private void Redraw()
    {
        lock (_gate)
        {
            if (_last is { } last && !_disposed)
            {
                Draw(last with { Elapsed = last.Elapsed + _time.GetElapsedTime(_receivedAt) });
            }
        }
    }

    private void Draw(ProgressUpdate update)
    {
        if (_disposed)
        {
            return;
        }

        var line = Line(update);
        Clear();
        _error.Write(line);
        _error.Flush();
        _shown = line.Length;
    }

    // Carriage return, blanks over the previous line, carriage return: the next output starts on a clean line.
    private void Clear()
    {
        if (_shown > 0)
        {
            _error.Write('\r' + new string(' ', _shown) + '\r');
            _error.Flush();
            _shown = 0;
        }
    }

    private static string Seconds(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{Math.Floor(span.TotalSeconds):0}s");
}
