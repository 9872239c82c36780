namespace KubeWise.Run.Scanning;

/// <summary>
/// The timers' schedules: the Functions app's settings of the same names (top-level keys, as
/// <c>%ScanSchedule%</c> in the timer triggers), six-field NCRONTAB or a time span.
/// </summary>
public sealed class ScheduleOptions
{
    public const string ScanKey = "ScanSchedule";
    public const string ProposalKey = "QueryProposalSchedule";

    /// <summary>When the scan runs. <c>WORKER_SLEEP_INTERVAL_SECONDS</c> is honoured on top, by skipping ticks.</summary>
    /// <value>Default: */30 * * * * * (every 30 s), as in local.settings.sample.json.</value>
    public string ScanSchedule { get; set; } = "*/30 * * * * *";

    /// <summary>When AI query proposals run (when enabled).</summary>
    /// <value>Default: 0 0 * * * * (hourly).</value>
    public string QueryProposalSchedule { get; set; } = "0 0 * * * *";
}
