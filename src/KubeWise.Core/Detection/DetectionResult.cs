using KubeWise.Core.Entities;

namespace KubeWise.Core.Detection;

/// <summary>What one detection pass found, and what it could not judge.</summary>
public sealed record DetectionResult
{
    /// <summary>Findings to act on, most anomalous (lowest score) first.</summary>
    public required IReadOnlyList<Anomaly> Anomalies { get; init; }

    /// <summary>Forest findings on entities mid-rollout: kept for the record, not raised, since a rollout shifts metrics by design.</summary>
    public required IReadOnlyList<Anomaly> SuppressedDuringRollout { get; init; }

    /// <summary>Detectors that threw, one record per detector and entity.</summary>
    public required IReadOnlyList<DetectorError> DetectorErrors { get; init; }

    /// <summary>Entities the forest did not score: no model for their type, or no metric with enough points.</summary>
    public required IReadOnlyList<EntityKey> NotScored { get; init; }

    /// <summary>How many entities the forest scored.</summary>
    public int ForestScored { get; init; }

    /// <summary>One <c>[name] error</c> per failing detector, for the cycle's degraded report.</summary>
    public IReadOnlyList<string> Degraded => [.. DetectorErrors.Select(e => e.Detector).Distinct(StringComparer.Ordinal).Select(n => $"[{n}] error")];
}
