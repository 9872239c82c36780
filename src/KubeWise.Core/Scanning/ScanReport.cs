using KubeWise.Core.Detection;
using KubeWise.Core.Entities;
using KubeWise.Core.Metrics.Catalog;

namespace KubeWise.Core.Scanning;

/// <summary>What one scan cycle saw and found. A cycle never throws: failures are in <see cref="Failure"/> and <see cref="Degraded"/>.</summary>
public sealed record ScanReport
{
    public required DateTimeOffset At { get; init; }

    public required TimeSpan Window { get; init; }

    /// <summary>Findings, most anomalous first.</summary>
    public IReadOnlyList<Anomaly> Anomalies { get; init; } = [];

    /// <summary>The findings grouped by entity (one row, one analysis and one plan per entity), most anomalous first.</summary>
    public IReadOnlyList<EntityFindings> AnomalousEntities => EntityFindings.Group(Anomalies);

    /// <summary>Forest findings not raised, with the reason (mid-rollout or scaling, an HPA doing its job), kept for the record.</summary>
    public IReadOnlyList<SuppressedAnomaly> Suppressed { get; init; } = [];

    /// <summary>Entities judged this cycle.</summary>
    public IReadOnlyList<EntityKey> Entities { get; init; } = [];

    public IReadOnlyList<CatalogQuery> ActiveQueries { get; init; } = [];

    public IReadOnlyList<InactiveQuery> InactiveQueries { get; init; } = [];

    /// <summary>What did not work but did not stop the cycle: <c>[query id] error: ...</c>, <c>[detector] error</c>, model training.</summary>
    public IReadOnlyList<string> Degraded { get; init; } = [];

    /// <summary>The model of each entity type, or why there is none.</summary>
    public IReadOnlyList<ModelStatus> Models { get; init; } = [];

    /// <summary>Prometheus requests the cycle made (training excluded).</summary>
    public int Requests { get; init; }

    /// <summary>Prometheus requests made to train models.</summary>
    public int TrainingRequests { get; init; }

    /// <summary>Series of the answers that named no entity KubeWise knows (bare pods, unknown controllers).</summary>
    public int UnresolvedSeries { get; init; }

    /// <summary>Set when the cycle could not judge anything (Prometheus unreachable, every query failed).</summary>
    public string? Failure { get; init; }

    public bool Succeeded => Failure is null;
}

/// <summary>A finding kept for the record but not raised.</summary>
public sealed record SuppressedAnomaly(Anomaly Anomaly, string Reason);

/// <summary>Where an entity type's model came from this cycle.</summary>
public sealed record ModelStatus(EntityType EntityType, ModelSource Source, string Detail);

public enum ModelSource
{
    /// <summary>Read from the model store (or kept from an earlier cycle).</summary>
    Loaded,

    /// <summary>Trained from history this cycle and saved.</summary>
    Trained,

    /// <summary>No model: only the deterministic detectors judged this type.</summary>
    None,
}
