namespace KubeWise.Core.Progress;

/// <summary>
/// Reports one operation's steps to an <see cref="IProgress{T}"/> sink, adding the elapsed time from the operation's
/// start. Cheap when nobody listens (<see cref="ProgressSink.None"/>), so hot paths may report per unit of work.
/// </summary>
public sealed class ProgressTracker
{
    private readonly IProgress<ProgressUpdate> _sink;
    private readonly TimeProvider _time;
    private readonly long _started;

    public ProgressTracker(IProgress<ProgressUpdate>? sink, string operation, TimeProvider? time = null)
    {
        _sink = sink ?? ProgressSink.None;
        _time = time ?? TimeProvider.System;
        _started = _time.GetTimestamp();
        Operation = operation;
    }

    public string Operation { get; }

    public TimeSpan Elapsed => _time.GetElapsedTime(_started);

    /// <summary>Reports the current step and how far through it the operation is.</summary>
    public void Report(string step, long done = 0, long? total = null, TimeSpan? timeout = null)
    {
        if (ReferenceEquals(_sink, ProgressSink.None))
        {
            return;
        }

        _sink.Report(new ProgressUpdate(Operation, step, done, total, Elapsed, timeout));
    }
}

/// <summary>Progress sinks every host can use.</summary>
public static class ProgressSink
{
    /// <summary>Discards every update.</summary>
    public static IProgress<ProgressUpdate> None { get; } = new Discard();

    private sealed class Discard : IProgress<ProgressUpdate>
    {
        public void Report(ProgressUpdate value)
        {
        }
    }
}
