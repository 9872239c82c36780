using KubeWise.Core.Kubernetes;
using KubeWise.Core.Remediation.Catalog;

namespace KubeWise.Core.Remediation.Execution;

public static class RollbackStatus
{
    /// <summary>The touched fields were restored to their values before the change.</summary>
    public const string RolledBack = "rolled_back";

    /// <summary>The change cannot be undone (a restart, a deleted pod).</summary>
    public const string NotReversible = "not_reversible";

    /// <summary>Someone changed the fields since KubeWise wrote them (or the object is gone): left as it is.</summary>
    public const string LeftAlone = "left_alone";

    /// <summary>This rollback was already done (the object carries its <c>kubewise.io/rolled-back</c> marker).</summary>
    public const string AlreadyRolledBack = "already_rolled_back";

    /// <summary>The execution changed nothing, so there is nothing to restore.</summary>
    public const string NothingToRollBack = "nothing_to_roll_back";

    public const string Failed = "failed";
}

/// <summary>What a rollback did; <see cref="Mismatches"/> names the fields that no longer held KubeWise's values.</summary>
public sealed record RollbackResult(
    string Status,
    ObjectReference Target,
    string Message,
    IReadOnlyList<FieldValue> Restored,
    IReadOnlyList<string> Mismatches,
    DryRunOutcome? DryRun,
    ApiStatus? Error,
    DateTimeOffset At);
