namespace KubeWise.Core.Analysis;

/// <summary>One analysis of one incident.</summary>
/// <param name="Anomaly">The anomaly.</param>
/// <param name="Facts">What is known about the entity.</param>
/// <param name="TokensSpent">
/// Tokens this incident has already spent on the model (the caller keeps the running total in the incident's
/// state, so the budget holds across activities, workers and replays).
/// </param>
/// <param name="Live">Live cluster facts for the safety policy; without them every proposal is dropped.</param>
public sealed record AnalysisRequest(AnomalyInput Anomaly, EntityFacts Facts, int TokensSpent = 0, LiveFacts? Live = null);
