using KubeWise.Application.Activities;
using KubeWise.Core.Remediation.Execution;
using Microsoft.DurableTask;

namespace KubeWise.Application.Orchestrations;

/// <summary>
/// What the execution did: the commands applied (one per scale phase), or why it stopped. <see cref="StoppedBy"/> is set
/// when MANUAL braked it and a person rejected the rest (or no one answered): the run ends there and writes nothing more.
/// </summary>
public sealed record ExecutionOutcome(bool Succeeded, IReadOnlyList<string> Executed, string Reason, DateTime FinishedAt, RemediationStage? StoppedBy = null);

/// <summary>
/// The execution part of a run: per approved command, and per phase of a scale, the brake check
/// (<see cref="RemediationApproval.BrakeAsync"/>), re-validation against live state (waiting for the previous phase to
/// settle), execution, and a durable timer between phases; and the rollback of what it applied.
/// State: the steps executed (<see cref="Executed"/>) and the changes applied, which a rollback undoes last first.
/// </summary>
internal sealed class PhasedExecution(RemediationScope scope, StageRecorder recorder, RemediationApproval approvals)
{
    /// <summary>A runaway plan must not loop forever; no sane scale needs more phases than this.</summary>
    private const int MaxPhasesPerCommand = 50;

    private readonly List<string> _executed = [];
    private readonly List<ExecutionResult> _applied = [];

    /// <summary>The steps applied to the cluster so far, in order (one entry per scale phase).</summary>
    public IReadOnlyList<string> Executed => _executed;

    public async Task<ExecutionOutcome> ExecuteAsync(ApprovalOutcome approval)
    {
        foreach (var command in approval.Commands)
        {
            for (var phase = 1; ; phase++)
            {
                // MANUAL is the emergency brake, and a pause stops everything: both are checked before every step.
                approval = await approvals.BrakeAsync(approval, command.Command, _executed);
                if (!approval.Approved)
                {
                    return approval.Stage is RemediationStage.Rejected or RemediationStage.Expired
                        ? await StoppedAsync(approval)
                        : Failed($"Stopped before {command.Command}: {approval.Reason}");
                }

                if (!approval.Commands.Any(c => c.Command == command.Command))
                {
                    // After a brake a person approved a subset that leaves this command out.
                    break;
                }

                // Any step after one this run applied (a later phase, or the next command on a workload the previous one
                // is still rolling out, e.g. a restart then a scale) waits for that rollout rather than being refused by it.
                var check = await RevalidateAsync(command, afterAppliedStep: phase > 1 || _executed.Count > 0);
                if (!check.Allowed)
                {
                    WorkflowLog.Refused(scope.Log, scope.AnomalyId, command.Command, check.Reason);
                    return Failed($"Re-validation refused {command.Command}: {check.Reason}");
                }

                if (check.RemainingPhases == 0 || check.StepCommand is null || check.Validated is null || phase > MaxPhasesPerCommand)
                {
                    break;
                }

                var step = await ExecuteStepAsync(check, approval.By);
                if (step.Result is { Changed: true } changed)
                {
                    _applied.Add(changed);
                }

                if (!step.Succeeded)
                {
                    return Failed($"{check.StepCommand}: {step.Message}");
                }

                _executed.Add(check.StepCommand);
                if (check.RemainingPhases <= 1)
                {
                    break;
                }

                recorder.SetStatus(RemediationStage.Remediating, $"Phase {phase} applied ({check.StepCommand}); next phase after {scope.Timings.PhaseInterval}.");
                await scope.WaitAsync(scope.Timings.PhaseInterval);
            }
        }

        return new ExecutionOutcome(true, [.. _executed], "applied", scope.Context.CurrentUtcDateTime);
    }

    /// <summary>Undoes every applied step, last first; null when nothing was applied.</summary>
    public async Task<RollbackStep?> RollBackAsync(string reason)
    {
        if (_applied.Count == 0)
        {
            return null;
        }

        recorder.SetStatus(RemediationStage.RollingBack, reason);
        // Taken off the list first: whatever happens below, no later step (an abort after a failure) tries it again.
        var applied = _applied.ToList();
        _applied.Clear();
        RollbackStep rollback;
        try
        {
            rollback = await scope.Context.CallActivityAsync<RollbackStep>(
                nameof(RollbackRemediationActivity), new RollBackRemediation(scope.AnomalyId, applied, reason), scope.Retry);
        }
        catch (TaskFailedException e)
        {
            // The rollback kept failing: it ends here, cleanly. The event records the failure, what stays in place and
            // what a person must do; each object gets a Warning Event.
            var gaveUp = $"{e.FailureDetails.ErrorMessage} (after {scope.Timings.ActivityMaxAttempts} attempt(s))";
            try
            {
                rollback = await scope.Context.CallActivityAsync<RollbackStep>(
                    nameof(RollbackRemediationActivity), new RollBackRemediation(scope.AnomalyId, applied, reason, gaveUp), scope.Retry);
            }
            catch (TaskFailedException recordFailure)
            {
                rollback = new RollbackStep("failed", $"The rollback could not be completed ({gaveUp}), and that could not be recorded: {recordFailure.FailureDetails.ErrorMessage}");
            }
        }

        WorkflowLog.RolledBack(scope.Log, scope.AnomalyId, rollback.Outcome, rollback.Detail);
        return rollback;
    }

    /// <summary>
    /// Re-validates the command's next step. A step after an applied one (a later phase, or a later command) refused
    /// only because the workload is still rolling out waits for it (a durable timer per check), up to the settle timeout.
    /// </summary>
    private async Task<RevalidationStep> RevalidateAsync(PlannedCommand command, bool afterAppliedStep)
    {
        var context = scope.Context;
        var deadline = context.CurrentUtcDateTime + scope.Timings.PhaseSettleTimeout;
        while (true)
        {
            var check = await context.CallActivityAsync<RevalidationStep>(
                nameof(RevalidateCommandActivity), new RevalidateCommand(scope.AnomalyId, command.Command, command.Data), scope.Retry);
            if (check.Allowed || !check.Settling || !afterAppliedStep || context.CurrentUtcDateTime >= deadline)
            {
                return check;
            }

            recorder.SetStatus(RemediationStage.Remediating, $"Waiting for the previous phase to finish rolling out: {check.Reason}");
            await scope.WaitAsync(scope.Timings.PausePollInterval);
        }
    }

    private async Task<ExecutionStep> ExecuteStepAsync(RevalidationStep check, string approvedBy)
    {
        await recorder.RecordAsync(RemediationStage.Remediating, "orchestrator", $"Executing {check.StepCommand}");
        recorder.SetStatus(RemediationStage.Remediating, $"Executing {check.StepCommand}");
        try
        {
            var step = await scope.Context.CallActivityAsync<ExecutionStep>(nameof(ExecuteCommandActivity),
                new ExecuteCommand(scope.AnomalyId, check.StepCommand!, approvedBy, check.Validated!, check.StepData), scope.Retry);
            WorkflowLog.Executed(scope.Log, scope.AnomalyId, check.StepCommand!, step.Status, step.Message);
            return step;
        }
        catch (TaskFailedException e)
        {
            var message = $"failed after {scope.Timings.ActivityMaxAttempts} attempt(s): {e.FailureDetails.ErrorMessage}";
            WorkflowLog.Executed(scope.Log, scope.AnomalyId, check.StepCommand!, "failed", message);
            return new ExecutionStep(false, ExecutionStatus.Failed, message, null);
        }
    }

    private ExecutionOutcome Failed(string reason) => new(false, [.. _executed], reason, scope.Context.CurrentUtcDateTime);

    /// <summary>
    /// After a brake a person rejected the rest, or no one answered in time: nothing more is written, and nothing is
    /// rolled back either (that too would be a write no one approved); the trail says what stays applied.
    /// </summary>
    private async Task<ExecutionOutcome> StoppedAsync(ApprovalOutcome decision)
    {
        var reason = _executed.Count == 0
            ? $"{decision.Reason} Nothing was applied."
            : $"{decision.Reason} Nothing further is applied; what was applied stays as it is: {string.Join("; ", _executed)}.";
        await recorder.NoteAsync("remediation stopped", reason);
        return new ExecutionOutcome(false, [.. _executed], reason, scope.Context.CurrentUtcDateTime, decision.Stage);
    }
}
