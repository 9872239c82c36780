namespace KubeWise.Core.Events;

/// <summary>The one table of allowed status transitions. Anything not listed is refused.</summary>
public static class AnomalyStateMachine
{
    private static readonly Dictionary<AnomalyStatus, AnomalyStatus[]> Allowed = new()
    {
        [AnomalyStatus.Detected] = [AnomalyStatus.Analyzing, AnomalyStatus.RemediationSuggested, AnomalyStatus.Resolved],
        [AnomalyStatus.Analyzing] = [AnomalyStatus.RemediationSuggested, AnomalyStatus.AwaitingApproval, AnomalyStatus.Remediating, AnomalyStatus.Resolved],
        // The seed's manual analyze endpoint may re-analyze a suggestion; its remediate endpoint executes one directly.
        [AnomalyStatus.RemediationSuggested] = [AnomalyStatus.Analyzing, AnomalyStatus.AwaitingApproval, AnomalyStatus.Remediating, AnomalyStatus.Resolved],
        [AnomalyStatus.AwaitingApproval] = [AnomalyStatus.Approved, AnomalyStatus.Rejected, AnomalyStatus.Expired, AnomalyStatus.Resolved],
        // Re-validation right before execution may downgrade to a suggestion (e.g. the object became GitOps-managed).
        [AnomalyStatus.Approved] = [AnomalyStatus.Remediating, AnomalyStatus.RemediationSuggested, AnomalyStatus.RemediationFailed],
        [AnomalyStatus.Rejected] = [],
        [AnomalyStatus.Expired] = [],
        // The emergency brake: MANUAL switched on mid-flight stops before the next step until a person approves the rest.
        [AnomalyStatus.Remediating] = [AnomalyStatus.Verifying, AnomalyStatus.RemediationFailed, AnomalyStatus.AwaitingApproval],
        // A failed verification may open another round (approval in MANUAL, execution in AUTO) before giving up.
        [AnomalyStatus.Verifying] = [AnomalyStatus.Resolved, AnomalyStatus.RemediationFailed, AnomalyStatus.AwaitingApproval, AnomalyStatus.Remediating],
        [AnomalyStatus.Resolved] = [],
        [AnomalyStatus.RemediationFailed] = [],
    };

    public static bool CanMove(AnomalyStatus from, AnomalyStatus to) =>
        Allowed.TryGetValue(from, out var targets) && Array.IndexOf(targets, to) >= 0;

    /// <summary>The statuses <paramref name="from"/> may move to; empty for a final status.</summary>
    public static IReadOnlyList<AnomalyStatus> NextStatuses(AnomalyStatus from) =>
        Allowed.TryGetValue(from, out var targets) ? targets : [];

    public static bool IsFinal(AnomalyStatus status) => NextStatuses(status).Count == 0;

    /// <exception cref="InvalidStatusTransitionException">The table does not allow the move.</exception>
    public static void EnsureCanMove(string anomalyId, AnomalyStatus from, AnomalyStatus to)
    {
        if (!CanMove(from, to))
        {
            throw new InvalidStatusTransitionException(anomalyId, from, to, NextStatuses(from));
        }
    }
}
