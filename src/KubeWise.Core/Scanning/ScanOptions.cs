using System.ComponentModel.DataAnnotations;

namespace KubeWise.Core.Scanning;

/// <summary>The scan cycle: discovery, history for training, how many queries run at once.</summary>
public sealed class ScanOptions
{
    public const string SectionName = "Scan";

    /// <summary>How often the available metric names are read again, in seconds.</summary>
    /// <value>Default: 300.</value>
    [Range(1, 86_400)]
    public int DiscoveryIntervalSeconds { get; set; } = 300;

    /// <summary>History read to train a model when none exists, in seconds.</summary>
    /// <value>Default: 21600 (6 h).</value>
    [Range(60, 30 * 86_400)]
    public int LookbackSeconds { get; set; } = 21_600;

    /// <summary>Distance between the ends of two training windows cut from the history, in seconds.</summary>
    /// <value>Default: 120.</value>
    [Range(1, 86_400)]
    public int TrainingStepSeconds { get; set; } = 120;

    /// <summary>Range of <c>rate()</c> in the catalog's queries, in seconds; 0 picks four scrape intervals (at least 60 s).</summary>
    /// <value>Default: 0.</value>
    [Range(0, 3_600)]
    public int RateWindowSeconds { get; set; }

    /// <summary>How long to wait before trying again to train an entity type whose history was too short, in seconds of evaluation time.</summary>
    /// <value>Default: 3600.</value>
    [Range(0, 30 * 86_400)]
    public int TrainingRetrySeconds { get; set; } = 3_600;

    /// <summary>
    /// How far back the onset of a state that already held when the window began (replicas unavailable, a node
    /// condition) is looked up, in seconds; 0 keeps onsets at the window's start. A state older than this is reported
    /// as holding since the look-back's start.
    /// </summary>
    /// <value>Default: 86400 (24 h).</value>
    [Range(0, 30 * 86_400)]
    public int OnsetLookbackSeconds { get; set; } = 86_400;

    /// <summary>Step of the coarse look-back query for onsets, in seconds; the change is then found at the window's step.</summary>
    /// <value>Default: 300.</value>
    [Range(1, 86_400)]
    public int OnsetStepSeconds { get; set; } = 300;

    /// <summary>
    /// History each workload's own baseline of CPU and memory use against its limit is taken from, in seconds; 0 turns
    /// baselines (and the saturation findings that need them) off. Read once in full, then extended by the new coarse
    /// steps only: one small query per signal every <see cref="BaselineStepSeconds"/>.
    /// </summary>
    /// <value>Default: 86400 (24 h).</value>
    [Range(0, 30 * 86_400)]
    public int BaselineLookbackSeconds { get; set; } = 86_400;

    /// <summary>Step of the baseline look-back, in seconds.</summary>
    /// <value>Default: 300.</value>
    [Range(15, 86_400)]
    public int BaselineStepSeconds { get; set; } = 300;

    /// <summary>Queries sent to Prometheus at the same time.</summary>
    /// <value>Default: 4.</value>
    [Range(1, 64)]
    public int QueryConcurrency { get; set; } = 4;
}
