using KubeWise.Application.Activities;
using Microsoft.DurableTask;

namespace KubeWise.Application.Orchestrations;

/// <summary>A person's (or AUTO mode's) go-ahead, or why there is none.</summary>
public sealed record ApprovalOutcome(bool Approved, RemediationStage Stage, string By, bool ByPerson, IReadOnlyList<PlannedCommand> Commands, string Reason);

/// <summary>
/// The approval part of a run: the first go-ahead (AUTO, or a person's decision on <c>Approval-&lt;round&gt;</c> with
/// expiry), and before every execution step the MANUAL brake and the configuration pause (polled with durable timers).
/// It holds no state between calls: the round lives in <see cref="StageRecorder"/>, a pause only within one
/// <see cref="BrakeAsync"/>.
/// </summary>
internal sealed class RemediationApproval(RemediationScope scope, StageRecorder recorder)
{
    /// <param name="commands">The plan.</param>
    /// <param name="conflicts">Commands of the plan that write the same field of one object: a person chooses, even in AUTO.</param>
    public async Task<ApprovalOutcome> ApproveAsync(IReadOnlyList<PlannedCommand> commands, IReadOnlyList<string>? conflicts = null)
    {
        if (conflicts is { Count: > 0 })
        {
            return await WaitForApprovalAsync(commands,
                $"The plan holds conflicting commands for one target ({string.Join("; ", conflicts)}): none runs on its own; a person approves the ones to run.");
        }

        var mode = await CheckModeAsync();
        return mode.IsAuto
            ? new ApprovalOutcome(true, RemediationStage.Approved, "auto", ByPerson: false, commands, "AUTO mode")
            : await WaitForApprovalAsync(commands, "MANUAL mode: a person approves each fix.");
    }

    /// <summary>
    /// Right before a step: waits while execution is paused (up to the approval timeout), and when the mode was switched
    /// to MANUAL under an approval no person gave, asks a person again. Answers the approval the step runs under.
    /// </summary>
    /// <param name="executed">What ran so far, for the reason a person reads.</param>
    public async Task<ApprovalOutcome> BrakeAsync(ApprovalOutcome approval, string nextCommand, IReadOnlyList<string> executed)
    {
        var context = scope.Context;
        var pausedSince = (DateTime?)null;
        while (true)
        {
            var mode = await CheckModeAsync();
            if (mode.Paused)
            {
                if (pausedSince is null)
                {
                    pausedSince = context.CurrentUtcDateTime;
                    await recorder.NoteAsync("execution paused", $"Remediation:Workflow:Paused is on: nothing is written until it is lifted (next: {nextCommand}).");
                }

                if (context.CurrentUtcDateTime - pausedSince >= scope.Timings.ApprovalTimeout)
                {
                    return approval with { Approved = false, Stage = RemediationStage.Paused, Reason = $"execution stayed paused for {scope.Timings.ApprovalTimeout}" };
                }

                recorder.SetStatus(RemediationStage.Paused, "Execution is paused by configuration (Remediation:Workflow:Paused); nothing is written until it is lifted.");
                await scope.WaitAsync(scope.Timings.PausePollInterval);
                continue;
            }

            if (pausedSince is { } since)
            {
                pausedSince = null;
                await recorder.NoteAsync("execution resumed", $"The pause was lifted after {context.CurrentUtcDateTime - since:c}.");
            }

            if (!mode.IsAuto && !approval.ByPerson)
            {
                WorkflowLog.Braked(scope.Log, scope.AnomalyId);
                return await WaitForApprovalAsync(approval.Commands, BrakeReason(mode, executed));
            }

            return approval;
        }
    }

    /// <summary>Why the run waits again, naming who pulled the brake (as the mode store recorded it) and what ran so far.</summary>
    private static string BrakeReason(ModeCheck mode, IReadOnlyList<string> executed)
    {
        var who = mode.ChangedBy is { Length: > 0 } by
            ? $"Remediation mode switched to MANUAL by {by}{(mode.ChangedAt is { } at ? $" at {at.UtcDateTime:u}" : "")}"
            : "The remediation mode could not be read, so MANUAL applies";
        var done = executed.Count == 0 ? "nothing was applied yet" : $"applied so far: {string.Join("; ", executed)}";
        return $"{who} while the fix was running: a person must approve the rest ({done}).";
    }

    private async Task<ApprovalOutcome> WaitForApprovalAsync(IReadOnlyList<PlannedCommand> commands, string why)
    {
        var context = scope.Context;
        var name = ApprovalEvent.NameFor(recorder.NextRound());
        var expiresAt = context.CurrentUtcDateTime + scope.Timings.ApprovalTimeout;
        await recorder.RecordAsync(RemediationStage.AwaitingApproval, "orchestrator", why);
        recorder.SetAwaiting(name, expiresAt, why);
        WorkflowLog.AwaitingApproval(scope.Log, scope.AnomalyId, name, expiresAt);

        ApprovalEvent decision;
        try
        {
            decision = await context.WaitForExternalEvent<ApprovalEvent>(name, scope.Timings.ApprovalTimeout);
        }
        catch (OperationCanceledException)
        {
            // The API records a decision on the event before raising it: one recorded just before the timeout (or
            // whose raise never arrived) is the answer, not an expiry.
            var reason = $"No decision within {scope.Timings.ApprovalTimeout}; the approval expired.";
            if (await context.CallActivityAsync<ApprovalEvent?>(nameof(SettleApprovalActivity), new ApprovalExpiry(scope.AnomalyId, reason), scope.Retry) is not { } recorded)
            {
                recorder.Took(RemediationStage.Expired, reason);
                return new ApprovalOutcome(false, RemediationStage.Expired, "orchestrator", false, [], reason);
            }

            decision = recorded;
        }

        var chosen = Choose(commands, decision);
        if (!decision.Approved || chosen.Count == 0)
        {
            var reason = decision.Approved
                ? $"{decision.By} approved none of the suggested commands."
                : $"Rejected by {decision.By}{(decision.Comment is { Length: > 0 } c ? $": {c}" : ".")}";
            await recorder.RecordAsync(RemediationStage.Rejected, decision.By, decision.Comment, decision with { Approved = false });
            return new ApprovalOutcome(false, RemediationStage.Rejected, decision.By, true, [], reason);
        }

        await recorder.RecordAsync(RemediationStage.Approved, decision.By, decision.Comment, decision, [.. chosen.Select(c => c.Command)]);
        return new ApprovalOutcome(true, RemediationStage.Approved, decision.By, true, chosen, $"Approved by {decision.By}");
    }

    /// <summary>Only suggested commands can ever run: a subset names some of them, anything else is ignored.</summary>
    private static List<PlannedCommand> Choose(IReadOnlyList<PlannedCommand> commands, ApprovalEvent decision)
    {
        if (decision.Commands is not { Count: > 0 } subset)
        {
            return [.. commands];
        }

        var wanted = subset.Select(s => s.Trim()).ToHashSet(StringComparer.Ordinal);
        return [.. commands.Where(c => wanted.Contains(c.Command))];
    }

    /// <summary>The mode in force; when it cannot be read, MANUAL (the safe answer: a person decides).</summary>
    private async Task<ModeCheck> CheckModeAsync()
    {
        try
        {
            return await scope.Context.CallActivityAsync<ModeCheck>(nameof(CheckRemediationModeActivity), new IncidentRef(scope.AnomalyId), scope.Retry);
        }
        catch (TaskFailedException e)
        {
            WorkflowLog.ModeUnknown(scope.Log, scope.AnomalyId, e.FailureDetails.ErrorMessage);
            return new ModeCheck("MANUAL", Paused: false);
        }
    }
}
