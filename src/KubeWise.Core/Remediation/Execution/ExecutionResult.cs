using KubeWise.Core.Kubernetes;
using KubeWise.Core.Remediation.Catalog;

namespace KubeWise.Core.Remediation.Execution;

/// <summary>The outcome words the event store records for an execution.</summary>
public static class ExecutionStatus
{
    /// <summary>The change was written.</summary>
    public const string Applied = "applied";

    /// <summary>The object already carries this command's <c>kubewise.io/applied</c> marker: nothing was written.</summary>
    public const string AlreadyApplied = "already_applied";

    /// <summary>Re-validation against the live object failed (changed, gone, or policy no longer allows it): nothing was written.</summary>
    public const string Refused = "refused";

    /// <summary>The server-side dry run rejected the change: nothing was written.</summary>
    public const string DryRunFailed = "dry_run_failed";

    /// <summary>The API server refused or failed the write; <see cref="ExecutionResult.Error"/> holds its Status.</summary>
    public const string Failed = "failed";

    /// <summary>A drain ran out of time with pods still on the node; the node stays cordoned, as with kubectl.</summary>
    public const string TimedOut = "timed_out";
}

/// <summary>The server-side dry run (<c>dryRun=All</c>) that preceded the write.</summary>
public sealed record DryRunOutcome(bool Passed, ApiStatus? Error, IReadOnlyList<string> Notes);

/// <summary>One try of the execution and how it ended (a retry always re-reads the object first).</summary>
public sealed record AttemptRecord(int Number, DateTimeOffset At, string Outcome, ApiStatus? Error)
{
    /// <summary>The <see cref="Outcome"/> of a try that failed transiently (429, 409, 5xx, unreachable) and was tried again.</summary>
    public const string Retried = "retried";
}

/// <summary>Everything one execution did, for the event store: before/after of the touched fields, the dry run, the API's Status on failure.</summary>
public sealed record ExecutionResult(
    string Status,
    string Operation,
    string Command,
    string CommandHash,
    string AnomalyId,
    string ApprovedBy,
    ObjectReference Target,
    string? TargetUid,
    bool Reversible,
    IReadOnlyList<FieldValue> Before,
    IReadOnlyList<FieldValue> After,
    DryRunOutcome? DryRun,
    ApiStatus? Error,
    string Message,
    IReadOnlyList<string> Notes,
    IReadOnlyList<AttemptRecord> Attempts,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt)
{
    /// <summary>Whether the command's change is in place (written now, or found by its marker), so a rollback has something to restore.</summary>
    public bool Changed => Status is ExecutionStatus.Applied or ExecutionStatus.TimedOut or ExecutionStatus.AlreadyApplied;

    /// <summary>How many times the executor retried after a transient API failure before this outcome.</summary>
    public int Retries => Attempts.Count(a => a.Outcome == AttemptRecord.Retried);

    /// <summary>The API's answer (or the transport failure) that caused the last retry; null without retries.</summary>
    public ApiStatus? LastTransientError => Attempts.LastOrDefault(a => a.Outcome == AttemptRecord.Retried)?.Error;
}
