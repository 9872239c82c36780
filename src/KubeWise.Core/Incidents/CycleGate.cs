namespace KubeWise.Core.Incidents;

/// <summary>
/// Honours <c>WORKER_SLEEP_INTERVAL_SECONDS</c> under a fixed timer schedule: a tick runs a cycle only when the
/// interval has passed since the last one, so a 30 s schedule with a 120 s interval scans every fourth tick.
/// </summary>
public static class CycleGate
{
    /// <summary>Timer ticks arrive a little early or late; a tick this close to the interval counts as on time.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(2);

    public static bool ShouldRun(DateTimeOffset? lastCycle, DateTimeOffset now, TimeSpan interval) =>
        lastCycle is not { } last || now - last >= interval - Tolerance || now < last;
}
