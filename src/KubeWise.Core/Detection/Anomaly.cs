using KubeWise.Core.Entities;

namespace KubeWise.Core.Detection;

/// <summary>
/// One finding about one entity, consumed by analysis, the event store and the CLI.
/// </summary>
/// <param name="Entity">The anomalous entity.</param>
/// <param name="Detector"><see cref="ForestDetector"/> or the name of the deterministic detector that fired.</param>
/// <param name="Score">Forest: the decision value (scikit-learn's meaning, negative = anomalous; the event's <c>anomaly_score</c>). Detector: <see cref="AnomalySeverityScores.ScoreOf"/>.</param>
/// <param name="Severity">How urgent; forest findings are critical when the score is 0.1 or more below the threshold.</param>
/// <param name="Evidence">What drove the finding, highest contribution first; never empty.</param>
/// <param name="DetectedAt">End of the window the finding was made on.</param>
public sealed record Anomaly(EntityKey Entity, string Detector, double Score, AnomalySeverity Severity, IReadOnlyList<Evidence> Evidence, DateTimeOffset DetectedAt)
{
    public const string ForestDetector = DetectorIds.IsolationForest;

    /// <summary>The entity was mid-rollout: metric shifts may be the rollout itself, so later stages should not treat them as an incident on their own.</summary>
    public bool DuringRollout { get; init; }

    public Evidence TopEvidence => Evidence[0];
}
