using KubeWise.Core.Events;
using KubeWise.Core.Remediation.Catalog;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace KubeWise.Application.Api;

/// <summary>
/// A person's go-ahead or refusal for an event in AwaitingApproval: <c>approve</c>, <c>reject</c>, and the seed's
/// one-command <c>remediate</c>. Each is recorded on the event with a compare-and-set (one caller wins, the others get
/// 409 with the winning decision) and raised into the event's orchestration (through the host's Durable client), which
/// runs the fix.
/// </summary>
public sealed class ApprovalHandler(ApprovalGateway gateway, CallerIdentity caller, IOptionsMonitor<ApiOptions> options)
{
    private static readonly AnomalyStatus[] Finished =
        [AnomalyStatus.Resolved, AnomalyStatus.RemediationFailed, AnomalyStatus.Rejected, AnomalyStatus.Expired, AnomalyStatus.RemediationSuggested];

    public Task<ApiReply<DecisionReply>> ApproveAsync(ApiRequest request, DurableTaskClient client, string? id, CancellationToken ct) =>
        DecideAsync(request, client, id, approved: true, ct);

    public Task<ApiReply<DecisionReply>> RejectAsync(ApiRequest request, DurableTaskClient client, string? id, CancellationToken ct) =>
        DecideAsync(request, client, id, approved: false, ct);

    public async Task<ApiReply<RemediateReply, RemediateAccepted>> RemediateAsync(ApiRequest request, DurableTaskClient client, string? id, CancellationToken ct)
    {
        var settings = options.CurrentValue;
        var (body, problem) = await JsonBody.ReadAsync(request, settings.MaxBodyBytes, optional: false, ct).ConfigureAwait(false);
        if (body is null)
        {
            return problem!;
        }

        var (remediate, invalid) = RemediateRequest.Read(body, RemediationCatalog.MaxCommandLength);
        if (remediate is null)
        {
            return invalid!;
        }

        if (!caller.TryResolve(request, out var by, out problem))
        {
            return problem!;
        }

        var command = remediate.Command;
        var (sent, refused) = await gateway.SendAsync(client, id, new Decision(true, by, $"remediate: {command}", [command]), ct).ConfigureAwait(false);
        if (sent is null)
        {
            return refused!;
        }

        var before = sent.Before;
        var attempts = before.RemediationAttempts.Count;
        var (after, done) = await gateway.WaitAsync(before.AnomalyId, before,
            e => e.RemediationAttempts.Count > attempts || Finished.Contains(e.Status), settings.RemediateWait, ct).ConfigureAwait(false);
        if (!done)
        {
            var location = Routes.For(Routes.Event, before.AnomalyId);
            return ApiReply<RemediateReply, RemediateAccepted>.Accepted(new RemediateAccepted(
                "accepted",
                $"Approved by {by}; the command is queued in the remediation workflow. Poll the event for its result.",
                before.AnomalyId,
                command,
                after.Status,
                location), location);
        }

        if (after.RemediationAttempts.Count > attempts)
        {
            var attempt = after.RemediationAttempts[attempts];
            var ok = attempt.Status == "success";
            return new RemediateReply(
                ok ? "success" : "failed",
                ok ? "Remediation command executed successfully" : $"Remediation command failed: {attempt.Error ?? attempt.ApiStatusReason}",
                before.AnomalyId,
                command,
                by,
                new ExecutedResult(attempt.Status, attempt.FinishedAt ?? attempt.StartedAt, attempt.Command, attempt.Error, attempt.ApiStatusCode));
        }

        var why = after.AuditTrail.LastOrDefault()?.Comment ?? $"the workflow ended {after.Status}";
        return new RemediateReply("failed", $"The command was not executed: {why}", before.AnomalyId, command, by,
            new NotExecutedResult(after.UpdatedAt, after.Status));
    }

    private async Task<ApiReply<DecisionReply>> DecideAsync(ApiRequest request, DurableTaskClient client, string? id, bool approved, CancellationToken ct)
    {
        var settings = options.CurrentValue;
        var (body, problem) = await JsonBody.ReadAsync(request, settings.MaxBodyBytes, optional: true, ct).ConfigureAwait(false);
        if (body is null)
        {
            return problem!;
        }

        var (decision, invalid) = DecisionRequest.Read(body, RemediationCatalog.MaxCommandLength);
        if (decision is null)
        {
            return invalid!;
        }

        if (!caller.TryResolve(request, out var by, out problem))
        {
            return problem!;
        }

        var (sent, refused) = await gateway.SendAsync(client, id, new Decision(approved, by, decision.Comment?.Trim(), decision.Commands), ct).ConfigureAwait(false);
        if (sent is null)
        {
            return refused!;
        }

        // The event records the decision (this caller won the compare-and-set); "recorded" once the workflow took it too.
        var taken = sent.Delivered
            && await gateway.WaitForPickupAsync(client, sent.InstanceId, sent.EventName, settings.DecisionWait, ct).ConfigureAwait(false);
        var answer = new DecisionReply(
            taken ? "recorded" : "accepted",
            approved ? "approved" : "rejected",
            sent.Recorded.By,
            sent.Recorded.Comment,
            sent.Recorded.Commands,
            sent.After.AnomalyId,
            sent.After.Status,
            sent.EventName);
        return taken ? answer : ApiReply<DecisionReply>.Accepted(answer, Routes.For(Routes.Event, sent.After.AnomalyId));
    }
}
