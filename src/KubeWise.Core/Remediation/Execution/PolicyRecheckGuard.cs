using System.Text.Json.Nodes;
using KubeWise.Core.Remediation.Policy;

namespace KubeWise.Core.Remediation.Execution;

/// <summary>
/// "Policy and limits still allow it": the policy judges the command again on facts read from the live cluster
/// right before the write. Anything but Allowed (a suggestion-only verdict included) stops the execution.
/// </summary>
public sealed class PolicyRecheckGuard(RemediationPolicy policy, ClusterFactsReader facts) : IExecutionGuard
{
    public async Task<string?> CheckAsync(RemediationOperation operation, ExecutionRequest request, JsonObject live, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(request);
        if (request.AnomalousEntity is null)
        {
            return $"The anomalous entity of {request.AnomalyId} is not known, so the policy cannot be checked again; {operation.Command} was not executed.";
        }

        var current = await facts.ReadAsync(operation.Source, request.AnomalousEntity, request.RecentActions, ct).ConfigureAwait(false);
        var verdict = policy.Evaluate(operation.Source, current);
        return verdict.IsAllowed ? null : $"The policy no longer allows {operation.Command}: {verdict.Reason}";
    }
}
