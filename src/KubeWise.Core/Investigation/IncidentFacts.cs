using KubeWise.Core.Analysis;
using AnalysisEntityFacts = KubeWise.Core.Analysis.EntityFacts;

namespace KubeWise.Core.Investigation;

/// <summary>The facts one anomaly is judged on: live ones from the cluster, or provisional ones assumed from the scan.</summary>
/// <param name="Live">What the policy judges proposals against; null when the entity is not one Kubernetes object.</param>
/// <param name="Entity">What the analyzer is told about the entity.</param>
/// <param name="Provisional">True when <paramref name="Live"/> was assumed, not read.</param>
/// <param name="Note">Where the facts came from, for the person reading the plan.</param>
public sealed record IncidentFacts(LiveFacts? Live, AnalysisEntityFacts Entity, bool Provisional, string Note);
