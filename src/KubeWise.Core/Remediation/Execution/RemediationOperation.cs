using System.Text.Json.Nodes;

namespace KubeWise.Core.Remediation.Execution;

/// <summary>
/// One remediation with kubectl's semantics. An operation's change goes out in one write that also carries the
/// <c>kubewise.io/applied</c> marker (<see cref="WriteAsync"/>); where the API cannot carry the marker with the change
/// (the scale subresource, a delete, evictions), the marker goes first and <see cref="CompleteAsync"/> does the rest,
/// and it must be safe to run again: it acts only while the change has not happened yet.
/// </summary>
public abstract class RemediationOperation
{
    /// <summary>The catalog's operation name, e.g. <c>restart_deployment</c>.</summary>
    public abstract string Name { get; }

    public abstract TargetRef Target { get; }

    /// <summary>The command's canonical text (as the catalog prints it); its hash is part of the marker.</summary>
    public abstract string Command { get; }

    /// <summary>Whether a rollback can restore <see cref="Touches"/>.</summary>
    public abstract bool Reversible { get; }

    /// <summary>True when success means the target is gone (a deleted pod), so a retry that finds it gone confirms the change.</summary>
    public virtual bool RemovesTarget => false;

    /// <summary>The fields the command changes: validation records them, execution requires them unchanged, rollback restores them.</summary>
    public abstract IReadOnlyList<FieldPath> Touches { get; }

    /// <summary>The marked write; returns the object as the server answered. With <paramref name="dryRun"/> it is sent with <c>dryRun=All</c>.</summary>
    public abstract Task<JsonObject> WriteAsync(OperationContext context, JsonObject live, bool dryRun, CancellationToken ct);

    /// <summary>The step after the marked write, run also when a retry finds the marker. Acts only if still needed.</summary>
    public virtual Task<FollowUpOutcome> CompleteAsync(OperationContext context, JsonObject live, ValidatedState validated, bool dryRun, CancellationToken ct) =>
        Task.FromResult(FollowUpOutcome.None);

    /// <summary>Checks that only make sense for this operation (e.g. a paused Deployment cannot be rolled back); null when fine.</summary>
    public virtual Task<string?> PreconditionAsync(OperationContext context, JsonObject live, CancellationToken ct) => Task.FromResult<string?>(null);

    /// <summary>A sentence for the Kubernetes Event, e.g. "Restarted by KubeWise".</summary>
    public abstract string Describe();
}
