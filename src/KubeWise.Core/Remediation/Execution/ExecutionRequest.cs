using System.Text.Json.Nodes;
using KubeWise.Core.Remediation.Catalog;
using KubeWise.Core.Remediation.Policy;

namespace KubeWise.Core.Remediation.Execution;

/// <summary>Who asked for the execution and what validation saw. Plain data, so a durable activity can carry it.</summary>
/// <param name="AnomalyId">The event the command remediates; part of the <c>kubewise.io/applied</c> marker.</param>
/// <param name="ApprovedBy">Who approved it (a person in MANUAL mode, <c>auto</c> in AUTO mode); named in the Kubernetes Event.</param>
/// <param name="Validated">What validation saw; see <see cref="RemediationExecutor.CaptureAsync(RemediationCommand, CancellationToken)"/>.</param>
public sealed record ExecutionRequest(string AnomalyId, string ApprovedBy, ValidatedState Validated)
{
    /// <summary>The entity the anomaly was found on: the policy's scope is judged against it.</summary>
    public ObjectReference? AnomalousEntity { get; init; }

    /// <summary>Remediations already applied (from the event store), not counting this one: for the rate and storm limits.</summary>
    public IReadOnlyList<RecentAction> RecentActions { get; init; } = [];
}

/// <summary>
/// A last check right before the write, against the live object (the policy and its limits). Returns a refusal a
/// person understands, or null to go on. Every registered guard runs; the first refusal stops the execution.
/// </summary>
public interface IExecutionGuard
{
    Task<string?> CheckAsync(RemediationOperation operation, ExecutionRequest request, JsonObject live, CancellationToken ct);
}
