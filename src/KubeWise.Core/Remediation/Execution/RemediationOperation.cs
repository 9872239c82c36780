using System.Text.Json.Nodes;
using KubeWise.Core.Remediation.Catalog;

namespace KubeWise.Core.Remediation.Execution;

/// <summary>
/// How one catalog command is carried out, with kubectl's semantics. An operation's change goes out in one write that
/// also carries the <c>kubewise.io/applied</c> marker (<see cref="WriteAsync"/>); where the API cannot carry the marker
/// with the change (the scale subresource, a delete, evictions), the marker goes first and <see cref="CompleteAsync"/>
/// does the rest, and it must be safe to run again: it acts only while the change has not happened yet.
/// </summary>
public abstract class RemediationOperation(RemediationCommand command)
{
    /// <summary>The typed command from the catalog.</summary>
    public RemediationCommand Source { get; } = command ?? throw new ArgumentNullException(nameof(command));

    /// <summary>The catalog's operation name, e.g. <c>restart_deployment</c>.</summary>
    public string Name => Source.Operation.Name;

    public ObjectReference Target => Source.Target;

    /// <summary>The command's text as the catalog prints it.</summary>
    public string Command => Source.ToString();

    /// <summary>The hash in the marker: the catalog's fingerprint of the command text.</summary>
    public string CommandHash => Source.Fingerprint;

    /// <summary>Whether a rollback can restore <see cref="Touches"/> (the catalog's declaration).</summary>
    public bool Reversible => Source.Reversible;

    /// <summary>True when success means the target is gone (a deleted pod), so a retry that finds it gone confirms the change.</summary>
    public virtual bool RemovesTarget => false;

    /// <summary>The fields the command changes: validation records them, execution requires them unchanged, rollback restores them.</summary>
    public virtual IReadOnlyList<ObjectField> Touches => [.. Source.ChangedFields.Select(ObjectField.Parse)];

    /// <summary>The marked write; returns the object as the server answered. With <paramref name="dryRun"/> it is sent with <c>dryRun=All</c>.</summary>
    public abstract Task<JsonObject> WriteAsync(OperationContext context, JsonObject live, bool dryRun, CancellationToken ct);

    /// <summary>The step after the marked write, run also when a retry finds the marker. Acts only if still needed.</summary>
    public virtual Task<FollowUpOutcome> CompleteAsync(OperationContext context, JsonObject live, ValidatedState validated, bool dryRun, CancellationToken ct) =>
        Task.FromResult(FollowUpOutcome.None);

    /// <summary>Checks that only make sense for this operation (e.g. a paused Deployment cannot be rolled back); null when fine.</summary>
    public virtual Task<string?> PreconditionAsync(OperationContext context, JsonObject live, CancellationToken ct) => Task.FromResult<string?>(null);

    /// <summary>A sentence for the Kubernetes Event, e.g. "Restarted Deployment/shop/web".</summary>
    public abstract string Describe();
}
