namespace KubeWise.Run.Scanning;

/// <summary>
/// Embedding and test hook: pauses and resumes the scan loop of a running host. <c>kubewise run</c> itself never pauses
/// (its loop is resumed from the start); a host built with <see cref="RunHostHooks.ScanPaused"/> starts paused, and the
/// embedder decides when ticks run (the end-to-end tests add a workload first, then resume). Resolve it from the host's
/// services. While paused the loop still counts as running for <c>/ready</c>.
/// </summary>
public sealed class ScanControl
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _resumed = NewSignal();
    private TaskCompletionSource _idle = NewSignal();
    private bool _paused;

    internal ScanControl(bool paused)
    {
        _paused = paused;
        if (!paused)
        {
            _resumed.TrySetResult();
        }

        _idle.TrySetResult();
    }

    /// <summary>Whether ticks are held back.</summary>
    public bool Paused
    {
        get
        {
            lock (_gate)
            {
                return _paused;
            }
        }
    }

    /// <summary>While resumed with an interval: the time between ticks, instead of the <c>ScanSchedule</c> setting.</summary>
    public TimeSpan? Interval { get; private set; }

    /// <summary>
    /// Lets the loop tick: at once, then on the schedule (or every <paramref name="interval"/> when given).
    /// Resuming a loop that runs only changes the interval.
    /// </summary>
    public void Resume(TimeSpan? interval = null)
    {
        if (interval is { } every && every <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "The interval must be positive.");
        }

        lock (_gate)
        {
            Interval = interval;
            _paused = false;
            _resumed.TrySetResult();
        }
    }

    /// <summary>Holds back further ticks; completes once a tick in progress (if any) has finished.</summary>
    public Task PauseAsync()
    {
        lock (_gate)
        {
            if (!_paused)
            {
                _paused = true;
                _resumed = NewSignal();
            }

            return _idle.Task;
        }
    }

    /// <summary>Waits while paused; true when it had to wait (the loop then ticks at once, as a timer started now would).</summary>
    internal async Task<bool> WaitResumedAsync(CancellationToken ct)
    {
        Task resumed;
        lock (_gate)
        {
            if (!_paused)
            {
                return false;
            }

            resumed = _resumed.Task;
        }

        await resumed.WaitAsync(ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>Starts a tick unless paused meanwhile; each true is followed by <see cref="EndTick"/>.</summary>
    internal bool TryBeginTick()
    {
        lock (_gate)
        {
            if (_paused)
            {
                return false;
            }

            _idle = NewSignal();
            return true;
        }
    }

    internal void EndTick()
    {
        lock (_gate)
        {
            _idle.TrySetResult();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
