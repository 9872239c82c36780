using System.Text.Json.Nodes;

namespace KubeWise.Core.Remediation.Execution;

/// <summary>Who asked for the execution and what validation saw. Plain data, so a durable activity can carry it.</summary>
public sealed record ExecutionRequest(string AnomalyId, string ApprovedBy, ValidatedState Validated);

/// <summary>
/// A last check right before the write, against the live object (the policy and its limits). Returns a refusal a
/// person understands, or null to go on. Every registered guard runs; the first refusal stops the execution.
/// </summary>
public interface IExecutionGuard
{
    Task<string?> CheckAsync(RemediationOperation operation, ExecutionRequest request, JsonObject live, CancellationToken ct);
}
