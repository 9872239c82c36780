using KubeWise.Application.Api;
using KubeWise.Core.Events;
using KubeWise.Core.Remediation.Catalog;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace KubeWise.Functions.Api;

/// <summary>
/// A person's go-ahead or refusal for an event in AwaitingApproval: <c>approve</c>, <c>reject</c>, and the seed's
/// one-command <c>remediate</c>. Each is raised into the event's orchestration, which records it and runs the fix.
/// </summary>
public sealed class ApprovalFunctions(ApprovalGateway gateway, CallerIdentity caller, IOptionsMonitor<ApiOptions> options)
{
    public const string ApproveName = ApiOperations.ApproveEvent;
    public const string RejectName = ApiOperations.RejectEvent;
    public const string RemediateName = ApiOperations.RemediateEvent;
    internal const int MaxComment = 2000;
    internal const int MaxCommands = 20;

    private static readonly AnomalyStatus[] Finished =
        [AnomalyStatus.Resolved, AnomalyStatus.RemediationFailed, AnomalyStatus.Rejected, AnomalyStatus.Expired, AnomalyStatus.RemediationSuggested];

    [Function(ApproveName)]
    public Task<IActionResult> ApproveAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Routes.Approve)] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id,
        CancellationToken cancellationToken) =>
        DecideAsync(req, client, id, approved: true, cancellationToken);

    [Function(RejectName)]
    public Task<IActionResult> RejectAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Routes.Reject)] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id,
        CancellationToken cancellationToken) =>
        DecideAsync(req, client, id, approved: false, cancellationToken);

    [Function(RemediateName)]
    public async Task<IActionResult> RemediateAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Routes.Remediate)] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(req);
        var settings = options.CurrentValue;
        var (body, error) = await RequestBody.ReadObjectAsync(req, settings.MaxBodyBytes, optional: false, cancellationToken);
        if (body is null)
        {
            return error!;
        }

        if (RequestBody.RejectUnknown(body, "command") is { } unknown)
        {
            return unknown;
        }

        if (!RequestBody.TryGetString(body, "command", RemediationCatalog.MaxCommandLength, out var command, out error))
        {
            return error!;
        }

        if (string.IsNullOrWhiteSpace(command))
        {
            return ApiResults.Invalid("command", "command is required: one of the event's suggested_remediation_commands.");
        }

        command = command.Trim();
        var by = caller.Resolve(FunctionReply.Request(req));
        var (sent, refused) = await gateway.SendAsync(client, id, new DecisionRequest(true, by, $"remediate: {command}", [command]), cancellationToken);
        if (sent is null)
        {
            return refused!;
        }

        var before = sent.Before;
        var attempts = before.RemediationAttempts.Count;
        var (after, done) = await gateway.WaitAsync(before.AnomalyId, before,
            e => e.RemediationAttempts.Count > attempts || Finished.Contains(e.Status), settings.RemediateWait, cancellationToken);
        if (!done)
        {
            return ApiResults.Accepted(new
            {
                status = "accepted",
                message = $"Approved by {by}; the command is queued in the remediation workflow. Poll the event for its result.",
                event_id = before.AnomalyId,
                command,
                event_status = after.Status,
                location = Routes.For(Routes.Event, before.AnomalyId),
            }, Routes.For(Routes.Event, before.AnomalyId));
        }

        if (after.RemediationAttempts.Count > attempts)
        {
            var attempt = after.RemediationAttempts[attempts];
            var ok = attempt.Status == "success";
            return ApiResults.Ok(new
            {
                status = ok ? "success" : "failed",
                message = ok ? "Remediation command executed successfully" : $"Remediation command failed: {attempt.Error ?? attempt.ApiStatusReason}",
                event_id = before.AnomalyId,
                command,
                approved_by = by,
                result = new
                {
                    status = attempt.Status,
                    timestamp = attempt.FinishedAt ?? attempt.StartedAt,
                    executed = attempt.Command,
                    error = attempt.Error,
                    api_status_code = attempt.ApiStatusCode,
                },
            });
        }

        var why = after.AuditTrail.LastOrDefault()?.Comment ?? $"the workflow ended {after.Status}";
        return ApiResults.Ok(new
        {
            status = "failed",
            message = $"The command was not executed: {why}",
            event_id = before.AnomalyId,
            command,
            approved_by = by,
            result = new { status = "not_executed", timestamp = after.UpdatedAt, event_status = after.Status },
        });
    }

    private async Task<IActionResult> DecideAsync(HttpRequest req, DurableTaskClient client, string id, bool approved, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(req);
        var settings = options.CurrentValue;
        var (body, error) = await RequestBody.ReadObjectAsync(req, settings.MaxBodyBytes, optional: true, ct);
        if (body is null)
        {
            return error!;
        }

        if (RequestBody.RejectUnknown(body, "comment", "commands") is { } unknown)
        {
            return unknown;
        }

        if (!RequestBody.TryGetString(body, "comment", MaxComment, out var comment, out error)
            || !RequestBody.TryGetStrings(body, "commands", MaxCommands, RemediationCatalog.MaxCommandLength, out var commands, out error))
        {
            return error!;
        }

        var by = caller.Resolve(FunctionReply.Request(req));
        var (sent, refused) = await gateway.SendAsync(client, id, new DecisionRequest(approved, by, comment?.Trim(), commands), ct);
        if (sent is null)
        {
            return refused!;
        }

        var (after, recorded) = await gateway.WaitAsync(sent.Before.AnomalyId, sent.Before,
            e => e.Status != AnomalyStatus.AwaitingApproval, settings.DecisionWait, ct);
        var answer = new
        {
            status = recorded ? "recorded" : "accepted",
            decision = approved ? "approved" : "rejected",
            by,
            comment,
            commands = commands ?? [],
            event_id = sent.Before.AnomalyId,
            event_status = after.Status,
            approval_event = sent.EventName,
        };
        return recorded ? ApiResults.Ok(answer) : ApiResults.Accepted(answer, Routes.For(Routes.Event, sent.Before.AnomalyId));
    }
}
