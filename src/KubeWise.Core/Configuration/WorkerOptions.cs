using System.ComponentModel.DataAnnotations;

namespace KubeWise.Core.Configuration;

/// <summary>The scan loop. Seed name: <c>WORKER_SLEEP_INTERVAL_SECONDS</c>.</summary>
public sealed class WorkerOptions
{
    public const string SectionName = "Worker";

    /// <summary>Seconds between scan cycles.</summary>
    /// <value>Default: 30.</value>
    [Range(1, 86_400)]
    public int SleepIntervalSeconds { get; set; } = 30;
}
