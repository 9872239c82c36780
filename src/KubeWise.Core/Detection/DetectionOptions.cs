using System.ComponentModel.DataAnnotations;

namespace KubeWise.Core.Detection;

/// <summary>Anomaly detection. Seed names: <c>ANOMALY_SCORE_THRESHOLD</c>, <c>ANOMALY_METRIC_WINDOW_SECONDS</c>, <c>ANOMALY_MODEL_PATH</c>.</summary>
public sealed class DetectionOptions
{
    public const string SectionName = "Detection";

    /// <summary>An entity is anomalous when the forest's decision value is below this (scikit-learn's meaning: negative = anomalous).</summary>
    /// <value>Default: -0.2.</value>
    [Range(-0.5, 0.5)]
    public double ScoreThreshold { get; set; } = -0.2;

    /// <summary>Length of the metric window scored per entity, in seconds.</summary>
    /// <value>Default: 600.</value>
    [Range(30, 86_400)]
    public int MetricWindowSeconds { get; set; } = 600;

    /// <summary>
    /// File the trained model is kept in (one file per entity type beside it). Empty: one folder per cluster inside
    /// <see cref="ModelDirectory"/>, so two clusters never share a model.
    /// </summary>
    /// <value>Default: empty (per-cluster folders in the data directory).</value>
    public string ModelPath { get; set; } = string.Empty;

    /// <summary>Where the per-cluster model folders live when <see cref="ModelPath"/> is empty.</summary>
    /// <value>Default: empty (<c>$XDG_DATA_HOME/kubewise/models</c>, else <c>~/.local/share/kubewise/models</c>).</value>
    public string ModelDirectory { get; set; } = string.Empty;

    /// <summary>Number of isolation trees.</summary>
    /// <value>Default: 100.</value>
    [Range(1, 10_000)]
    public int Trees { get; set; } = 100;

    /// <summary>Subsample size ψ per tree.</summary>
    /// <value>Default: 256.</value>
    [Range(2, 1_000_000)]
    public int SampleSize { get; set; } = 256;

    /// <summary>Seed of the forest's random number generator, so a fit is reproducible.</summary>
    /// <value>Default: 42.</value>
    public int Seed { get; set; } = 42;

    /// <summary>Share of the window's newest points judged against the older points, which form the entity's own baseline.</summary>
    /// <value>Default: 0.25.</value>
    [Range(0.05, 0.5)]
    public double RecentFraction { get; set; } = 0.25;

    /// <summary>Fewest usable points a series needs before it yields features; shorter series count as missing.</summary>
    /// <value>Default: 4.</value>
    [Range(4, 10_000)]
    public int MinimumPoints { get; set; } = 4;

    /// <summary>Smallest noise scale, as a share of the baseline level, so near-constant series do not turn tiny moves into huge z-scores.</summary>
    /// <value>Default: 0.01.</value>
    [Range(0.0, 1.0)]
    public double RelativeScaleFloor { get; set; } = 0.01;

    /// <summary>Smallest noise scale in the metric's own unit, for series whose baseline is zero.</summary>
    /// <value>Default: 1e-6.</value>
    [Range(1e-12, 1e6)]
    public double AbsoluteScaleFloor { get; set; } = 1e-6;

    /// <summary>Normalised feature values are clipped to ±this, so one runaway value cannot dominate the forest's ranges.</summary>
    /// <value>Default: 25.</value>
    [Range(1.0, 1e6)]
    public double DeviationLimit { get; set; } = 25;

    /// <summary>
    /// A forest finding is raised only when one of the isolating features of a block below the threshold deviates by at
    /// least this many noise units. Isolation ranks rarity, not size: on clean data the rarest 1-2 % of windows score
    /// below -0.2 with deviations of 2-4; real incidents deviate by far more.
    /// </summary>
    /// <value>Default: 5.</value>
    [Range(0.0, 1e6)]
    public double MinimumDeviation { get; set; } = 5;

    /// <summary>Evidence items kept per forest anomaly, highest contribution first.</summary>
    /// <value>Default: 5.</value>
    [Range(1, 1000)]
    public int MaxEvidence { get; set; } = 5;

    /// <summary>Container restarts within the window that make a restart burst; fewer (a single benign restart) are not flagged.</summary>
    /// <value>Default: 3.</value>
    [Range(2, 10_000)]
    public int RestartBurstThreshold { get; set; } = 3;

    /// <summary>How long a deployment may have unavailable replicas before it is flagged (covers ordinary rolling updates and scale-ups).</summary>
    /// <value>Default: 300.</value>
    [Range(0, 86_400)]
    public int ReplicasUnavailableGraceSeconds { get; set; } = 300;

    /// <summary>API-server p99 request latency above which the control plane is flagged, in seconds; twice this is critical.</summary>
    /// <value>Default: 1.0.</value>
    [Range(0.001, 3_600)]
    public double ApiServerP99LatencyThresholdSeconds { get; set; } = 1.0;

    /// <summary>Share of the limit from which CPU or memory use counts as near the limit (saturation), when it also departs from the entity's own baseline.</summary>
    /// <value>Default: 0.85.</value>
    [Range(0.01, 10)]
    public double SaturationRatio { get; set; } = 0.85;

    /// <summary>
    /// Smallest rise above the entity's own baseline level, as a share of the limit, that counts as a departure (and at
    /// least five baseline spreads): a workload at 95 % of its limit all day is normal.
    /// </summary>
    /// <value>Default: 0.15.</value>
    [Range(0, 10)]
    public double SaturationMinimumShift { get; set; } = 0.15;
}
