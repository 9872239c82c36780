using KubeWise.Core.Remediation.Catalog;
using KubeWise.Core.Remediation.Execution;

namespace KubeWise.Application.Activities;

/// <summary>The incident's event.</summary>
public sealed record IncidentRef(string AnomalyId);

/// <summary>
/// A command the analysis proposed and the policy allows: its text (what approvals name) and the command as data (what
/// re-validation and execution build it from). <paramref name="Data"/> is null only in orchestrations the first
/// release started, whose history holds the text alone.
/// </summary>
public sealed record PlannedCommand(string Command, string Operation, CommandData? Data = null);

/// <summary>What analysis concluded, as far as the workflow needs it (the full analysis is on the event).</summary>
/// <param name="Commands">Commands KubeWise may apply, in order.</param>
/// <param name="SuggestionsOnly">Advice for a person that KubeWise never applies.</param>
/// <param name="Summary">Root cause and severity in one line.</param>
/// <param name="Conflicts">Commands of the plan that write the same field of one object (<see cref="Core.Remediation.Catalog.PlanConflicts"/>): a person chooses, in every mode.</param>
public sealed record AnalysisStep(IReadOnlyList<PlannedCommand> Commands, IReadOnlyList<string> SuggestionsOnly, string Summary, IReadOnlyList<string>? Conflicts = null);

/// <summary>Records a stage on the event (a status change, with the decision that caused it); answers whether the event took it.</summary>
/// <param name="Occurrence">
/// How many times this run has recorded <paramref name="Stage"/>, this one included (1 for the first). Activities run at
/// least once: a host killed after the write but before Durable saw the result runs the step again later, when the run
/// may have moved on; the event already holding that many entries of the stage marks such a repeat, which then changes
/// nothing. 0: unknown (inputs written before it existed).
/// </param>
public sealed record StageRecord(string AnomalyId, Orchestrations.RemediationStage Stage, string Actor, string? Comment = null,
    Orchestrations.ApprovalEvent? Decision = null, IReadOnlyList<string>? DecidedCommands = null, int Occurrence = 0);

/// <summary>An audit entry that changes no status: what happened (<paramref name="Note"/>) and why.</summary>
public sealed record EventNote(string AnomalyId, string Note, string? Comment, string Actor = "orchestrator");

/// <summary>The mode in force, who set it and when (null while the configured default applies), and whether execution is paused.</summary>
public sealed record ModeCheck(string Mode, bool Paused, string? ChangedBy = null, DateTimeOffset? ChangedAt = null)
{
    public bool IsAuto => string.Equals(Mode, "AUTO", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Re-validate the command against live cluster state right before executing it (<paramref name="Command"/> is its text, for messages).</summary>
public sealed record RevalidateCommand(string AnomalyId, string Command, CommandData? Data = null);

/// <summary>
/// The live verdict on a command. <see cref="StepCommand"/> is what to execute now: the command itself, or for a scale
/// its next phase; <see cref="RemainingPhases"/> counts the phases still to go, this one included (0: nothing left to do).
/// <see cref="Settling"/>: refused only because the target is still rolling out (e.g. the previous phase's pods).
/// </summary>
public sealed record RevalidationStep(bool Allowed, string Reason, string? StepCommand, ValidatedState? Validated, int RemainingPhases, bool Settling = false)
{
    /// <summary><see cref="StepCommand"/> as data.</summary>
    public CommandData? StepData { get; init; }
}

/// <summary>Execute one validated step (one command, or one scale phase).</summary>
public sealed record ExecuteCommand(string AnomalyId, string Command, string ApprovedBy, ValidatedState Validated, CommandData? Data = null);

/// <summary>What one execution did; <see cref="Result"/> is kept for a rollback.</summary>
public sealed record ExecutionStep(bool Succeeded, string Status, string Message, ExecutionResult? Result);

/// <summary>Judge whether the executed commands fixed the incident.</summary>
public sealed record VerifyRemediation(string AnomalyId, IReadOnlyList<string> Executed, DateTime RemediatedAt);

/// <summary>The verdict (also recorded on the event).</summary>
public sealed record VerificationStep(bool Resolved, string Summary, string Method);

/// <summary>Undo <paramref name="Applied"/>, last first.</summary>
/// <param name="GaveUp">
/// Set when the rollback failed for good (its retries ran out): nothing is sent to restore; the failure is recorded on
/// the event with what stays in place, and a Warning Event goes on each object.
/// </param>
public sealed record RollBackRemediation(string AnomalyId, IReadOnlyList<ExecutionResult> Applied, string Reason, string? GaveUp = null);

/// <summary>What the rollback did (also recorded on the event): <c>performed</c>, <c>not_reversible</c> or <c>failed</c>.</summary>
public sealed record RollbackStep(string Outcome, string Detail);
