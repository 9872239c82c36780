using KubeWise.Application.Api;
using KubeWise.Application.Orchestrations;
using KubeWise.Core.Events;
using Microsoft.DurableTask;

namespace KubeWise.Application.Activities;

/// <summary>An approval wait ran out: expire the event unless it already records a decision.</summary>
public sealed record ApprovalExpiry(string AnomalyId, string Reason);

/// <summary>
/// Ends an approval wait that ran out, atomically against the approval API's compare-and-set: an event still in
/// AwaitingApproval moves to Expired (answer null); an event the API already moved to Approved or Rejected keeps that
/// decision, and the answer is the decision as the event records it, for the orchestration to act on. So a decision
/// recorded a moment before the timeout is never answered to its caller and then ignored.
/// </summary>
public sealed class SettleApprovalActivity(IEventStore store) : TaskActivity<ApprovalExpiry, ApprovalEvent?>
{
    public override async Task<ApprovalEvent?> RunAsync(TaskActivityContext context, ApprovalExpiry input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ApprovalEvent? recorded = null;
        await EventAccess.ApplyAsync(store, input.AnomalyId, current =>
        {
            recorded = null;
            if (current.Status is AnomalyStatus.Approved or AnomalyStatus.Rejected && current.ApprovalDecisions.Count > 0)
            {
                recorded = ApprovalGateway.ToApprovalEvent(current.ApprovalDecisions[^1]);
                return null;
            }

            return current.Status != AnomalyStatus.AwaitingApproval
                ? null
                : new EventChange
                {
                    AnomalyId = current.AnomalyId,
                    ExpectedStatus = current.Status,
                    ExpectedVersion = current.Version,
                    NewStatus = AnomalyStatus.Expired,
                    Actor = "orchestrator",
                    Comment = input.Reason,
                };
        }).ConfigureAwait(false);
        return recorded;
    }
}
