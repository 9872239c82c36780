using KubeWise.Core.Remediation.Execution;
using KubeWise.Application.Activities;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace KubeWise.Application.Orchestrations;

/// <summary>A person's (or AUTO mode's) go-ahead, or why there is none.</summary>
public sealed record ApprovalOutcome(bool Approved, RemediationStage Stage, string By, bool ByPerson, IReadOnlyList<PlannedCommand> Commands, string Reason);

/// <summary>
/// What the execution did: the commands applied (one per scale phase), or why it stopped. <see cref="StoppedBy"/> is set
/// when MANUAL braked it and a person rejected the rest (or no one answered): the run ends there and writes nothing more.
/// </summary>
public sealed record ExecutionOutcome(bool Succeeded, IReadOnlyList<string> Executed, string Reason, DateTime FinishedAt, RemediationStage? StoppedBy = null);

/// <summary>
/// The steps of <see cref="RemediationOrchestrator"/>. Orchestrator code: deterministic, time from
/// <see cref="TaskOrchestrationContext.CurrentUtcDateTime"/>, every read and write through an activity.
/// </summary>
internal sealed class RemediationRun(TaskOrchestrationContext context, RemediationInput input)
{
    /// <summary>A runaway plan must not loop forever; no sane scale needs more phases than this.</summary>
    private const int MaxPhasesPerCommand = 50;

    private readonly ILogger _log = context.CreateReplaySafeLogger<RemediationOrchestrator>();
    private readonly TaskOptions _retry = RetryPolicies.Transient(input.Timings);
    private readonly List<string> _executed = [];
    private readonly List<ExecutionResult> _applied = [];
    private RemediationStage? _recorded;
    private RemediationStage? _status;
    private int _round;

    public async Task<AnalysisStep> AnalyzeAsync()
    {
        await RecordAsync(RemediationStage.Analyzing, "orchestrator", $"Incident {input.IncidentKey}");
        var analysis = await context.CallActivityAsync<AnalysisStep>(nameof(AnalyzeIncidentActivity), new IncidentRef(input.AnomalyId), _retry);
        WorkflowLog.Analysed(_log, input.AnomalyId, analysis.Commands.Count, analysis.Summary);
        return analysis;
    }

    public async Task<ApprovalOutcome> ApproveAsync(IReadOnlyList<PlannedCommand> commands)
    {
        var mode = await CheckModeAsync();
        return mode.IsAuto
            ? new ApprovalOutcome(true, RemediationStage.Approved, "auto", ByPerson: false, commands, "AUTO mode")
            : await WaitForApprovalAsync(commands, "MANUAL mode: a person approves each fix.");
    }

    public async Task<ExecutionOutcome> ExecuteAsync(ApprovalOutcome approval)
    {
        foreach (var command in approval.Commands)
        {
            for (var phase = 1; ; phase++)
            {
                // MANUAL is the emergency brake, and a pause stops everything: both are checked before every step.
                approval = await BrakeAsync(approval, command.Command);
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

                var check = await RevalidateAsync(command, laterPhase: phase > 1);
                if (!check.Allowed)
                {
                    WorkflowLog.Refused(_log, input.AnomalyId, command.Command, check.Reason);
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

                SetStatus(RemediationStage.Remediating, $"Phase {phase} applied ({check.StepCommand}); next phase after {input.Timings.PhaseInterval}.");
                await context.CreateTimer(input.Timings.PhaseInterval, CancellationToken.None);
            }
        }

        return new ExecutionOutcome(true, [.. _executed], "applied", context.CurrentUtcDateTime);
    }

    /// <summary>
    /// Re-validates the command's next step. A later phase refused only because the previous phase is still rolling
    /// out waits for it (a durable timer per check), up to the settle timeout.
    /// </summary>
    private async Task<RevalidationStep> RevalidateAsync(PlannedCommand command, bool laterPhase)
    {
        var deadline = context.CurrentUtcDateTime + input.Timings.PhaseSettleTimeout;
        while (true)
        {
            var check = await context.CallActivityAsync<RevalidationStep>(
                nameof(RevalidateCommandActivity), new RevalidateCommand(input.AnomalyId, command.Command, command.Data), _retry);
            if (check.Allowed || !check.Settling || !laterPhase || context.CurrentUtcDateTime >= deadline)
            {
                return check;
            }

            SetStatus(RemediationStage.Remediating, $"Waiting for the previous phase to finish rolling out: {check.Reason}");
            await context.CreateTimer(input.Timings.PausePollInterval, CancellationToken.None);
        }
    }

    public async Task WaitForVerificationAsync()
    {
        await RecordAsync(RemediationStage.Verifying, "orchestrator", $"Verifying after {input.Timings.VerificationDelay}.");
        await context.CreateTimer(input.Timings.VerificationDelay, CancellationToken.None);
    }

    public async Task<VerificationStep> VerifyAsync(ExecutionOutcome execution)
    {
        var verdict = await context.CallActivityAsync<VerificationStep>(
            nameof(VerifyRemediationActivity), new VerifyRemediation(input.AnomalyId, execution.Executed, execution.FinishedAt), _retry);
        WorkflowLog.Verified(_log, input.AnomalyId, verdict.Resolved, verdict.Summary);
        return verdict;
    }

    /// <summary>Undoes every applied step, last first; null when nothing was applied.</summary>
    public async Task<RollbackStep?> RollBackAsync(string reason)
    {
        if (_applied.Count == 0)
        {
            return null;
        }

        SetStatus(RemediationStage.RollingBack, reason);
        var rollback = await context.CallActivityAsync<RollbackStep>(
            nameof(RollbackRemediationActivity), new RollBackRemediation(input.AnomalyId, [.. _applied], reason), _retry);
        _applied.Clear();
        WorkflowLog.RolledBack(_log, input.AnomalyId, rollback.Outcome, rollback.Detail);
        return rollback;
    }

    /// <summary>After an activity failed for good: roll back what was applied and end the event, if the store lets us.</summary>
    public async Task<RemediationOutcome> AbortAsync(TaskFailedException failure)
    {
        var reason = $"{failure.TaskName} failed: {failure.FailureDetails.ErrorMessage}";
        WorkflowLog.Aborted(_log, input.AnomalyId, reason);
        var rollback = await RollBackAsync(reason);
        return await EndAsync(_executed.Count == 0 ? RemediationStage.Suggested : RemediationStage.RemediationFailed, reason, rollback);
    }

    public async Task<RemediationOutcome> EndAsync(RemediationStage stage, string summary, RollbackStep? rollback = null)
    {
        stage = FinalStageFor(stage);
        var comment = rollback is null ? summary : $"{summary} Rollback: {rollback.Outcome} ({rollback.Detail})";
        await RecordAsync(stage, "orchestrator", comment);
        SetStatus(stage, comment);
        WorkflowLog.Ended(_log, input.AnomalyId, stage, comment);
        return new RemediationOutcome(input.AnomalyId, stage, comment, [.. _executed], rollback?.Outcome);
    }

    /// <summary>
    /// The event must end in a final status the state machine allows from where it is: once execution began a failure
    /// is RemediationFailed; before that, nothing was applied and the fix stays a suggestion for a person.
    /// </summary>
    private RemediationStage FinalStageFor(RemediationStage stage) => stage switch
    {
        RemediationStage.Suggested when _status is RemediationStage.Remediating or RemediationStage.Verifying => RemediationStage.RemediationFailed,
        RemediationStage.RemediationFailed when _status is not (RemediationStage.Approved or RemediationStage.Remediating or RemediationStage.Verifying) => RemediationStage.Suggested,
        _ => stage,
    };

    private async Task<ExecutionStep> ExecuteStepAsync(RevalidationStep check, string approvedBy)
    {
        await RecordAsync(RemediationStage.Remediating, "orchestrator", $"Executing {check.StepCommand}");
        SetStatus(RemediationStage.Remediating, $"Executing {check.StepCommand}");
        try
        {
            var step = await context.CallActivityAsync<ExecutionStep>(nameof(ExecuteCommandActivity),
                new ExecuteCommand(input.AnomalyId, check.StepCommand!, approvedBy, check.Validated!, check.StepData), _retry);
            WorkflowLog.Executed(_log, input.AnomalyId, check.StepCommand!, step.Status, step.Message);
            return step;
        }
        catch (TaskFailedException e)
        {
            var message = $"failed after {input.Timings.ActivityMaxAttempts} attempt(s): {e.FailureDetails.ErrorMessage}";
            WorkflowLog.Executed(_log, input.AnomalyId, check.StepCommand!, "failed", message);
            return new ExecutionStep(false, ExecutionStatus.Failed, message, null);
        }
    }

    private ExecutionOutcome Failed(string reason) => new(false, [.. _executed], reason, context.CurrentUtcDateTime);

    /// <summary>
    /// After a brake a person rejected the rest, or no one answered in time: nothing more is written, and nothing is
    /// rolled back either (that too would be a write no one approved); the trail says what stays applied.
    /// </summary>
    private async Task<ExecutionOutcome> StoppedAsync(ApprovalOutcome decision)
    {
        var reason = _executed.Count == 0
            ? $"{decision.Reason} Nothing was applied."
            : $"{decision.Reason} Nothing further is applied; what was applied stays as it is: {string.Join("; ", _executed)}.";
        await NoteAsync("remediation stopped", reason);
        return new ExecutionOutcome(false, [.. _executed], reason, context.CurrentUtcDateTime, decision.Stage);
    }

    private async Task<ApprovalOutcome> BrakeAsync(ApprovalOutcome approval, string nextCommand)
    {
        var pausedSince = (DateTime?)null;
        while (true)
        {
            var mode = await CheckModeAsync();
            if (mode.Paused)
            {
                if (pausedSince is null)
                {
                    pausedSince = context.CurrentUtcDateTime;
                    await NoteAsync("execution paused", $"Remediation:Workflow:Paused is on: nothing is written until it is lifted (next: {nextCommand}).");
                }

                if (context.CurrentUtcDateTime - pausedSince >= input.Timings.ApprovalTimeout)
                {
                    return approval with { Approved = false, Stage = RemediationStage.Paused, Reason = $"execution stayed paused for {input.Timings.ApprovalTimeout}" };
                }

                SetStatus(RemediationStage.Paused, "Execution is paused by configuration (Remediation:Workflow:Paused); nothing is written until it is lifted.");
                await context.CreateTimer(input.Timings.PausePollInterval, CancellationToken.None);
                continue;
            }

            if (pausedSince is { } since)
            {
                pausedSince = null;
                await NoteAsync("execution resumed", $"The pause was lifted after {context.CurrentUtcDateTime - since:c}.");
            }

            if (!mode.IsAuto && !approval.ByPerson)
            {
                WorkflowLog.Braked(_log, input.AnomalyId);
                return await WaitForApprovalAsync(approval.Commands, BrakeReason(mode));
            }

            return approval;
        }
    }

    /// <summary>Why the run waits again, naming who pulled the brake (as the mode store recorded it) and what ran so far.</summary>
    private string BrakeReason(ModeCheck mode)
    {
        var who = mode.ChangedBy is { Length: > 0 } by
            ? $"Remediation mode switched to MANUAL by {by}{(mode.ChangedAt is { } at ? $" at {at.UtcDateTime:u}" : "")}"
            : "The remediation mode could not be read, so MANUAL applies";
        var done = _executed.Count == 0 ? "nothing was applied yet" : $"applied so far: {string.Join("; ", _executed)}";
        return $"{who} while the fix was running: a person must approve the rest ({done}).";
    }

    private async Task<ApprovalOutcome> WaitForApprovalAsync(IReadOnlyList<PlannedCommand> commands, string why)
    {
        _round++;
        var name = ApprovalEvent.NameFor(_round);
        var expiresAt = context.CurrentUtcDateTime + input.Timings.ApprovalTimeout;
        await RecordAsync(RemediationStage.AwaitingApproval, "orchestrator", why);
        context.SetCustomStatus(new RemediationStatus(RemediationStage.AwaitingApproval, _round, name, expiresAt, why));
        WorkflowLog.AwaitingApproval(_log, input.AnomalyId, name, expiresAt);

        ApprovalEvent decision;
        try
        {
            decision = await context.WaitForExternalEvent<ApprovalEvent>(name, input.Timings.ApprovalTimeout);
        }
        catch (OperationCanceledException)
        {
            var reason = $"No decision within {input.Timings.ApprovalTimeout}; the approval expired.";
            await RecordAsync(RemediationStage.Expired, "orchestrator", reason);
            return new ApprovalOutcome(false, RemediationStage.Expired, "orchestrator", false, [], reason);
        }

        var chosen = Choose(commands, decision);
        if (!decision.Approved || chosen.Count == 0)
        {
            var reason = decision.Approved
                ? $"{decision.By} approved none of the suggested commands."
                : $"Rejected by {decision.By}{(decision.Comment is { Length: > 0 } c ? $": {c}" : ".")}";
            await RecordAsync(RemediationStage.Rejected, decision.By, decision.Comment, decision with { Approved = false });
            return new ApprovalOutcome(false, RemediationStage.Rejected, decision.By, true, [], reason);
        }

        await RecordAsync(RemediationStage.Approved, decision.By, decision.Comment, decision, [.. chosen.Select(c => c.Command)]);
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
            return await context.CallActivityAsync<ModeCheck>(nameof(CheckRemediationModeActivity), new IncidentRef(input.AnomalyId), _retry);
        }
        catch (TaskFailedException e)
        {
            WorkflowLog.ModeUnknown(_log, input.AnomalyId, e.FailureDetails.ErrorMessage);
            return new ModeCheck("MANUAL", Paused: false);
        }
    }

    private async Task RecordAsync(RemediationStage stage, string actor, string? comment, ApprovalEvent? decision = null, IReadOnlyList<string>? commands = null)
    {
        if (_recorded == stage)
        {
            return;
        }

        var applied = await context.CallActivityAsync<bool>(
            nameof(RecordStageActivity), new StageRecord(input.AnomalyId, stage, actor, comment, decision, commands), _retry);
        _recorded = stage;
        _status = applied ? stage : _status;
        SetStatus(stage, comment);
    }

    private Task NoteAsync(string note, string comment) =>
        context.CallActivityAsync<bool>(nameof(RecordNoteActivity), new EventNote(input.AnomalyId, note, comment), _retry);

    private void SetStatus(RemediationStage stage, string? detail) =>
        context.SetCustomStatus(new RemediationStatus(stage, _round, null, null, detail));
}
