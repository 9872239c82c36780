using System.Text.Json;
using KubeWise.Core.Events;
using KubeWise.Application.Orchestrations;
using Microsoft.DurableTask.Client;

namespace KubeWise.Application.Api;

/// <summary>A person's decision as the API received it; <see cref="By"/> comes from <see cref="CallerIdentity"/>.</summary>
public sealed record Decision(bool Approved, string By, string? Comment, IReadOnlyList<string>? Commands);

/// <summary>The decision reached the waiting orchestration: the event as it was, and the external event raised.</summary>
public sealed record DecisionSent(AnomalyEvent Before, string InstanceId, string EventName);

/// <summary>
/// Raises a person's decision into the event's waiting <see cref="RemediationOrchestrator"/> as <see cref="ApprovalEvent"/>
/// under the name of the current wait (<c>Approval-&lt;round&gt;</c>). The event's status decides whether a decision is
/// awaited; the name is the one the orchestration shows in its custom status, or, while that is not published yet (the
/// event is written first), the round the event's audit trail counts. The orchestration records the decision on the
/// event; this only checks that one is awaited and delivers it.
/// </summary>
public sealed class ApprovalGateway(IEventStore store, EventLookup lookup, TimeProvider time)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly JsonSerializerOptions StatusJson = new(JsonSerializerDefaults.Web);

    /// <returns>The delivery, or the answer for the caller (404, 409, 400, 503).</returns>
    public async Task<(DecisionSent? Sent, ApiProblem? Problem)> SendAsync(DurableTaskClient client, string? id, Decision decision, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(decision);
        var (anomaly, error) = await lookup.FindAsync(id, ct).ConfigureAwait(false);
        if (anomaly is null)
        {
            return (null, error);
        }

        if (anomaly.Status != AnomalyStatus.AwaitingApproval)
        {
            return (null, ApiProblem.Conflict($"Event {anomaly.AnomalyId} is {anomaly.Status}; only an event in AwaitingApproval can be approved or rejected."));
        }

        if (decision.Commands is { Count: > 0 } subset)
        {
            var unknown = subset.Where(c => !anomaly.SuggestedRemediationCommands.Contains(c, StringComparer.Ordinal)).ToList();
            if (unknown.Count > 0)
            {
                return (null, ApiProblem.Invalid("commands",
                    $"Not among the event's suggested commands: {string.Join("; ", unknown.Take(3).Select(ApiProblem.Shorten))}. Suggested: {string.Join("; ", anomaly.SuggestedRemediationCommands)}."));
            }
        }

        if (anomaly.OrchestrationInstanceId is not { Length: > 0 } instanceId)
        {
            return (null, ApiProblem.Conflict($"Event {anomaly.AnomalyId} has no remediation workflow waiting for a decision."));
        }

        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, ct).ConfigureAwait(false);
        if (instance is null || instance.IsCompleted)
        {
            return (null, ApiProblem.Conflict($"The workflow of event {anomaly.AnomalyId} is not waiting for a decision (it may have just expired or moved on)."));
        }

        // A decision raised a moment before the orchestration starts waiting is kept by Durable and delivered to the wait.
        var eventName = Parse(instance.SerializedCustomStatus) is { Stage: RemediationStage.AwaitingApproval, ApprovalEvent: { Length: > 0 } shown }
            ? shown
            : ApprovalEvent.NameFor(ApprovalRound(anomaly));

        await client.RaiseEventAsync(instanceId, eventName,
            new ApprovalEvent(decision.Approved, decision.By, decision.Comment, decision.Commands), ct).ConfigureAwait(false);
        return (new DecisionSent(anomaly, instanceId, eventName), null);
    }

    /// <summary>Polls the event until <paramref name="done"/> holds or <paramref name="timeout"/> passes.</summary>
    /// <returns>The last event read, and whether <paramref name="done"/> held.</returns>
    public async Task<(AnomalyEvent Event, bool Done)> WaitAsync(string anomalyId, AnomalyEvent last, Func<AnomalyEvent, bool> done, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = time.GetUtcNow() + timeout;
        while (true)
        {
            try
            {
                last = await store.GetAsync(anomalyId, ct).ConfigureAwait(false) ?? last;
            }
            catch (EventStoreException e) when (e.IsRetryable)
            {
                // The decision is delivered; a store blip only delays what we can report.
            }

            if (done(last))
            {
                return (last, true);
            }

            if (time.GetUtcNow() >= deadline)
            {
                return (last, false);
            }

            await Task.Delay(PollInterval, time, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The orchestration's current approval round as the event records it: each wait moves the event to AwaitingApproval
    /// once (the first approval, or again after a MANUAL brake), so the round is how often it got there.
    /// </summary>
    public static int ApprovalRound(AnomalyEvent anomaly)
    {
        ArgumentNullException.ThrowIfNull(anomaly);
        return Math.Max(1, anomaly.AuditTrail.Count(a => a.ToStatus == AnomalyStatus.AwaitingApproval));
    }

    /// <summary>The orchestration's custom status, or null when it has none (or not ours).</summary>
    public static RemediationStatus? Parse(string? serialized)
    {
        if (string.IsNullOrEmpty(serialized))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<RemediationStatus>(serialized, StatusJson);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
