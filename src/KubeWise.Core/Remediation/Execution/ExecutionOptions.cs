using System.ComponentModel.DataAnnotations;

namespace KubeWise.Core.Remediation.Execution;

/// <summary>How the executor retries and how long a drain may wait.</summary>
public sealed class ExecutionOptions
{
    public const string SectionName = "Remediation:Execution";

    /// <summary>Retries after the first try, for 409 (after a re-read), 429 and 5xx only.</summary>
    /// <value>Default: 4.</value>
    [Range(0, 20)]
    public int MaxRetries { get; set; } = 4;

    /// <summary>First retry delay when the server sends no Retry-After; doubles on each retry.</summary>
    /// <value>Default: 00:00:01.</value>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a drain waits for evictions refused by a PodDisruptionBudget (and for evicted pods to go).</summary>
    /// <value>Default: 00:05:00.</value>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Pause between eviction rounds while a PodDisruptionBudget says no (kubectl waits 5 s).</summary>
    /// <value>Default: 00:00:05.</value>
    public TimeSpan EvictionRetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Who the Kubernetes Events name as their source.</summary>
    /// <value>Default: <c>kubewise</c>.</value>
    [Required]
    public string Component { get; set; } = "kubewise";
}
