namespace KubeWise.Application.Orchestrations;

/// <summary>How a remediation ended; the orchestration's output.</summary>
/// <param name="AnomalyId">The event.</param>
/// <param name="Stage">The final stage (also the event's final status).</param>
/// <param name="Summary">What happened, for a person.</param>
/// <param name="Executed">Commands applied to the cluster, in order (one entry per scale phase).</param>
/// <param name="Rollback">The rollback's outcome when one ran.</param>
public sealed record RemediationOutcome(
    string AnomalyId,
    RemediationStage Stage,
    string Summary,
    IReadOnlyList<string> Executed,
    string? Rollback = null);
