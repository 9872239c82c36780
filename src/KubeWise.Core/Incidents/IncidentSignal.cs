using KubeWise.Core.Entities;

namespace KubeWise.Core.Incidents;

/// <summary>One anomaly a scan cycle found, reduced to what incident tracking needs.</summary>
/// <param name="Entity">The anomalous entity.</param>
/// <param name="Kind">What kind of anomaly: the detector that fired, or the forest.</param>
/// <param name="Score">The anomaly score (negative = anomalous).</param>
public sealed record IncidentSignal(EntityKey Entity, string Kind, double Score);

/// <summary>What one successful scan cycle judged.</summary>
/// <param name="At">When the cycle ran.</param>
/// <param name="JudgedEntities">Every entity the cycle had data for; one without a signal is healthy.</param>
/// <param name="Signals">The anomalies found.</param>
public sealed record CycleObservation(DateTimeOffset At, IReadOnlyCollection<EntityKey> JudgedEntities, IReadOnlyList<IncidentSignal> Signals);
