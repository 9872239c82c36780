namespace KubeWise.Benchmarks.Workflow;

/// <summary>
/// Wall-clock "now" set by the benchmark (the backfilled history lies in the past); timers and timestamps stay the
/// system's, so delays, timeouts and retries behave as they do in production.
/// </summary>
internal sealed class ShiftedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
