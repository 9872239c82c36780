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

    /// <summary>File the trained model is kept in.</summary>
    /// <value>Default: <c>models/kubewise-forest.json</c>.</value>
    [Required]
    public string ModelPath { get; set; } = "models/kubewise-forest.json";

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
}
