namespace KubeWise.Core.Analysis;

/// <summary>A Kubernetes object or component: <c>pod</c>, <c>deployment</c>, <c>statefulset</c>, <c>daemonset</c>, <c>replicaset</c>, <c>node</c>, <c>apiserver</c>…</summary>
/// <param name="Type">Lower-case kind, as the seed's <c>entity_type</c>.</param>
/// <param name="Namespace">Empty for cluster-scoped entities (nodes, control plane).</param>
/// <param name="Name">The object's name.</param>
public sealed record EntityRef(string Type, string Namespace, string Name)
{
    public bool IsNode => string.Equals(Type, "node", StringComparison.OrdinalIgnoreCase);

    public override string ToString() => string.IsNullOrEmpty(Namespace) ? $"{Type}/{Name}" : $"{Type}/{Namespace}/{Name}";
}

/// <summary>One reason the entity was flagged.</summary>
/// <param name="Source">The detector that fired (<c>CrashLoopBackOff</c>…) or <c>IsolationForest</c> (see <see cref="Detection.DetectorIds"/>).</param>
/// <param name="Feature">The feature it is about (<c>memory</c>, <c>cpu</c>, <c>restarts</c>, <c>network_errors</c>…).</param>
/// <param name="Value">Observed value.</param>
/// <param name="Baseline">The entity's usual value, when known.</param>
/// <param name="Contribution">Share of the anomaly this evidence explains (forest: the feature's contribution).</param>
/// <param name="Detail">A sentence a person understands, e.g. "7 restarts in 10 min".</param>
public sealed record AnomalyEvidence(
    string Source,
    string Feature,
    double Value,
    double? Baseline = null,
    double Contribution = 0,
    string? Detail = null);

/// <summary>
/// What the detection engine hands to analysis. Deliberately small and independent of the detection types,
/// so either side can change without the other.
/// </summary>
/// <param name="AnomalyId">The incident id (the event's <c>anomaly_id</c>).</param>
/// <param name="Entity">The anomalous entity.</param>
/// <param name="Score">The forest's decision value (scikit-learn's meaning: more negative = more anomalous) or the detector's score.</param>
/// <param name="DetectorType">The deterministic detector that fired (see <see cref="Detection.DetectorIds"/>), or null when only the forest flagged it.</param>
/// <param name="Evidence">Evidence; analysis orders it by contribution, highest first.</param>
/// <param name="DetectedAt">When it was detected.</param>
public sealed record AnomalyInput(
    string AnomalyId,
    EntityRef Entity,
    double Score,
    string? DetectorType,
    IReadOnlyList<AnomalyEvidence> Evidence,
    DateTimeOffset DetectedAt)
{
    /// <summary>Evidence, strongest first (stable for equal contributions).</summary>
    public IReadOnlyList<AnomalyEvidence> OrderedEvidence =>
        Evidence.OrderByDescending(e => e.Contribution).ToArray();

    /// <summary>The feature that explains most of the anomaly, if any evidence names one.</summary>
    public string? DominantFeature => OrderedEvidence.FirstOrDefault(e => !string.IsNullOrWhiteSpace(e.Feature))?.Feature;
}
