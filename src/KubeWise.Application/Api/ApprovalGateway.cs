using KubeWise.Core.Telemetry;
using System.Text.Json;
using KubeWise.Core.Events;
using KubeWise.Application.Orchestrations;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace KubeWise.Application.Api;

/// <summary>A person's decision as the API received it; <see cref="By"/> comes from <see cref="CallerIdentity"/>.</summary>
public sealed record Decision(bool Approved, string By, string? Comment, IReadOnlyList<string>? Commands);

/// <summary>
/// The decision the event now records (<see cref="Recorded"/>, made by this caller), the event after it
/// (<see cref="After"/>), and where it was raised. <see cref="Delivered"/> is false when raising it failed: the event
/// keeps it and the <see cref="DecisionReconciler"/> raises it again.
/// </summary>
public sealed record DecisionSent(AnomalyEvent Before, AnomalyEvent After, ApprovalDecision Recorded, string InstanceId, string EventName, bool Delivered);

/// <summary>
/// Records a person's decision on the event with a compare-and-set (AwaitingApproval at the version read → Approved or
/// Rejected), then raises it into the event's waiting <see cref="RemediationOrchestrator"/> as <see cref="ApprovalEvent"/>
/// under the name of the current wait (<c>Approval-&lt;round&gt;</c>). Of callers racing on one wait exactly one write
/// succeeds; every other caller is answered 409 with the decision the event records (who, what, when), so no answer
/// ever contradicts the event. The name raised is the one the orchestration shows in its custom status, or, while that
/// is not published yet (the event is written first), the round the event's audit trail counts.
/// </summary>
public sealed class ApprovalGateway(IEventStore store, EventLookup lookup, TimeProvider time, ILogger<ApprovalGateway> logger)
{
    private const int ConflictRetries = 5;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly JsonSerializerOptions StatusJson = new(JsonSerializerDefaults.Web);

    /// <returns>The decision recorded and raised, or the answer for the caller (404, 409, 400, 503).</returns>
    public async Task<(DecisionSent? Sent, ApiProblem? Problem)> SendAsync(DurableTaskClient client, string? id, Decision decision, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(decision);
        var (anomaly, error) = await lookup.FindAsync(id, ct).ConfigureAwait(false);
        if (anomaly is null)
        {
            return (null, error);
        }

        var eventId = anomaly.AnomalyId;
        for (var attempt = 0; ; attempt++)
        {
            if (anomaly.Status != AnomalyStatus.AwaitingApproval)
            {
                return (null, ApiProblem.Decided(anomaly));
            }

            var (commands, invalid) = DecidedCommands(anomaly, decision);
            if (invalid is not null)
            {
                return (null, invalid);
            }

            if (anomaly.OrchestrationInstanceId is not { Length: > 0 } instanceId)
            {
                return (null, ApiProblem.Conflict($"Event {anomaly.AnomalyId} has no remediation workflow waiting for a decision."));
            }

            var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, ct).ConfigureAwait(false);
            if (instance is null || instance.IsCompleted)
            {
                // Most likely someone decided since we read the event, and the workflow already ended: answer their decision.
                var (now, _) = await lookup.FindAsync(eventId, ct).ConfigureAwait(false);
                return (null, now is { Status: not AnomalyStatus.AwaitingApproval }
                    ? ApiProblem.Decided(now)
                    : ApiProblem.Conflict($"The workflow of event {anomaly.AnomalyId} is not waiting for a decision (it may have just expired or moved on)."));
            }

            // A decision raised a moment before the orchestration starts waiting is kept by Durable and delivered to the wait.
            var eventName = Parse(instance.SerializedCustomStatus) is { Stage: RemediationStage.AwaitingApproval, ApprovalEvent: { Length: > 0 } shown }
                ? shown
                : ApprovalEvent.NameFor(ApprovalRound(anomaly));
            var recorded = new ApprovalDecision
            {
                Decision = decision.Approved ? ApprovalKind.Approved : ApprovalKind.Rejected,
                By = decision.By,
                At = time.GetUtcNow(),
                Comment = decision.Comment,
                Commands = commands,
            };

            AnomalyEvent after;
            try
            {
                // The compare-and-set: only the caller whose write finds the event still waiting at the version it read wins.
                after = await store.ApplyAsync(new EventChange
                {
                    AnomalyId = anomaly.AnomalyId,
                    ExpectedStatus = AnomalyStatus.AwaitingApproval,
                    ExpectedVersion = anomaly.Version,
                    NewStatus = decision.Approved ? AnomalyStatus.Approved : AnomalyStatus.Rejected,
                    Actor = decision.By,
                    Comment = decision.Comment,
                    Decision = recorded,
                }, ct).ConfigureAwait(false);
            }
            catch (EventConflictException) when (attempt < ConflictRetries)
            {
                // Someone changed the event first: a decision (we lost: answer theirs) or a note (try again on the new version).
                (anomaly, error) = await lookup.FindAsync(eventId, ct).ConfigureAwait(false);
                if (anomaly is null)
                {
                    return (null, error);
                }

                continue;
            }
            catch (EventConflictException)
            {
                return (null, ApiProblem.Conflict($"Event {eventId} kept changing while the decision was being recorded; read it again and retry."));
            }
            catch (EventStoreException e) when (e.IsRetryable)
            {
                return (null, ApiProblem.Unavailable($"The event store is unavailable; the decision was not recorded: {e.Message}"));
            }

            KubeWiseTelemetry.Decision(decision.Approved, anomaly, recorded.At);
            var delivered = await RaiseAsync(client, instanceId, eventName, ToApprovalEvent(recorded), ct).ConfigureAwait(false);
            return (new DecisionSent(anomaly, after, recorded, instanceId, eventName, delivered), null);
        }
    }

    /// <summary>
    /// Raises a recorded decision; false when the Durable backend did not take it (the event keeps the decision and the
    /// <see cref="DecisionReconciler"/> raises it again).
    /// </summary>
    public async Task<bool> RaiseAsync(DurableTaskClient client, string instanceId, string eventName, ApprovalEvent approval, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        try
        {
            await client.RaiseEventAsync(instanceId, eventName, approval, ct).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            ApprovalLog.RaiseFailed(logger, instanceId, eventName, e.Message);
            return false;
        }
    }

    /// <summary>The orchestration's view of a decision the event records.</summary>
    public static ApprovalEvent ToApprovalEvent(ApprovalDecision recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        return new ApprovalEvent(recorded.Decision == ApprovalKind.Approved, recorded.By, recorded.Comment, recorded.Commands.Count > 0 ? recorded.Commands : null);
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for the orchestration to take the decision raised as
    /// <paramref name="eventName"/> (its custom status no longer shows that wait).
    /// </summary>
    public async Task<bool> WaitForPickupAsync(DurableTaskClient client, string instanceId, string eventName, TimeSpan timeout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (timeout <= TimeSpan.Zero)
        {
            return false;
        }

        var deadline = time.GetUtcNow() + timeout;
        while (true)
        {
            var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, ct).ConfigureAwait(false);
            if (instance is null || instance.IsCompleted
                || Parse(instance.SerializedCustomStatus) is not { Stage: RemediationStage.AwaitingApproval } shown
                || !string.Equals(shown.ApprovalEvent, eventName, StringComparison.Ordinal))
            {
                // Completed, or moved past this wait. (A status not yet published at all counts as moved only once it shows.)
                if (instance is not null && (instance.IsCompleted || instance.SerializedCustomStatus is { Length: > 0 }))
                {
                    return true;
                }
            }

            if (time.GetUtcNow() >= deadline)
            {
                return false;
            }

            await Task.Delay(PollInterval, time, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The commands a decision covers: for an approval the executable suggestions it names (all of them by default),
    /// for a rejection the ones it names. 400 when it names a command that was not suggested, or approves none that
    /// KubeWise can apply.
    /// </summary>
    private static (IReadOnlyList<string> Commands, ApiProblem? Problem) DecidedCommands(AnomalyEvent anomaly, Decision decision)
    {
        if (decision.Commands is { Count: > 0 } subset)
        {
            var unknown = subset.Where(c => !anomaly.SuggestedRemediationCommands.Contains(c, StringComparer.Ordinal)).ToList();
            if (unknown.Count > 0)
            {
                return ([], ApiProblem.Invalid("commands",
                    $"Not among the event's suggested commands: {string.Join("; ", unknown.Take(3).Select(ApiProblem.Shorten))}. Suggested: {string.Join("; ", anomaly.SuggestedRemediationCommands)}."));
            }
        }

        if (!decision.Approved)
        {
            return (decision.Commands ?? [], null);
        }

        var executable = anomaly.TypedCommands.Where(c => !c.SuggestionOnly).Select(c => c.Command).ToList();
        if (executable.Count == 0)
        {
            return (decision.Commands ?? anomaly.SuggestedRemediationCommands, null);
        }

        var wanted = decision.Commands is { Count: > 0 } named ? named.ToHashSet(StringComparer.Ordinal) : null;
        var chosen = executable.Where(c => wanted is null || wanted.Contains(c)).ToList();
        return chosen.Count > 0
            ? (chosen, null)
            : ([], ApiProblem.Invalid("commands",
                $"None of these can be applied by KubeWise (the others are advice only). Approve one of: {string.Join("; ", executable)}."));
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
