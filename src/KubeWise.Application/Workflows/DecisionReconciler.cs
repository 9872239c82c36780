using KubeWise.Application.Api;
using KubeWise.Application.Orchestrations;
using KubeWise.Core.Events;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KubeWise.Application.Workflows;

/// <summary>
/// The approval API records a decision on the event (compare-and-set) and then raises it into the orchestration. When
/// the write succeeded and the raise did not (the host stopped between the two, the Durable backend refused), the event
/// says Approved or Rejected while its orchestration still waits. On each timer tick this raises the recorded decision
/// again into every such wait, under the name the orchestration shows, so the workflow does what the event says.
/// A decision younger than <see cref="RemediationWorkflowOptions.DecisionRedeliveryAfter"/> is left to its own raise.
/// </summary>
public sealed class DecisionReconciler(
    IEventStore store,
    IOptionsMonitor<RemediationWorkflowOptions> options,
    TimeProvider time,
    ILogger<DecisionReconciler> logger)
{
    /// <returns>The instance ids a decision was raised into again.</returns>
    public async Task<IReadOnlyList<string>> ReconcileAsync(DurableTaskClient client, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var settings = options.CurrentValue;
        var now = time.GetUtcNow();
        // A decided event whose orchestration waits longer than the approval timeout settles itself on expiry (it reads
        // the decision the event records), so only the recent ones need looking at.
        var since = now - settings.ApprovalTimeout - settings.DecisionRedeliveryAfter - TimeSpan.FromMinutes(1);
        var raised = new List<string>();
        for (var skip = 0; ; skip += EventQuery.MaxLimit)
        {
            var page = await store.ListAsync(new EventQuery
            {
                Statuses = [AnomalyStatus.Approved, AnomalyStatus.Rejected],
                UpdatedFrom = since,
                Skip = skip,
                Limit = EventQuery.MaxLimit,
            }, ct).ConfigureAwait(false);
            foreach (var anomaly in page.Items)
            {
                if (await ReconcileAsync(client, anomaly, now - settings.DecisionRedeliveryAfter, ct).ConfigureAwait(false) is { } instanceId)
                {
                    raised.Add(instanceId);
                }
            }

            if (page.Items.Count < EventQuery.MaxLimit)
            {
                return raised;
            }
        }
    }

    private async Task<string?> ReconcileAsync(DurableTaskClient client, AnomalyEvent anomaly, DateTimeOffset decidedBefore, CancellationToken ct)
    {
        if (anomaly.OrchestrationInstanceId is not { Length: > 0 } instanceId
            || anomaly.ApprovalDecisions.Count == 0
            || anomaly.ApprovalDecisions[^1] is not { } recorded
            || recorded.At > decidedBefore)
        {
            return null;
        }

        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, ct).ConfigureAwait(false);
        if (instance is null || instance.IsCompleted)
        {
            return null;
        }

        // Only the wait this decision answers: the round the event's trail counts, as the orchestration shows it.
        var round = ApprovalEvent.NameFor(ApprovalGateway.ApprovalRound(anomaly));
        if (ApprovalGateway.Parse(instance.SerializedCustomStatus) is not { Stage: RemediationStage.AwaitingApproval, ApprovalEvent: { } waiting }
            || !string.Equals(waiting, round, StringComparison.Ordinal))
        {
            return null;
        }

        await client.RaiseEventAsync(instanceId, waiting, ApprovalGateway.ToApprovalEvent(recorded), ct).ConfigureAwait(false);
        ScheduledWorkLog.DecisionReraised(logger, anomaly.AnomalyId, recorded.Decision.ToString(), recorded.By, instanceId, waiting);
        return instanceId;
    }
}
