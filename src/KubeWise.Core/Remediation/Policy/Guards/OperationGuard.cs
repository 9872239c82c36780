namespace KubeWise.Core.Remediation.Policy.Guards;

/// <summary>Operations an operator switched off (<see cref="RemediationPolicyOptions.DeniedOperations"/>).</summary>
public sealed class OperationGuard : IPolicyGuard
{
    public string Name => "operation";

    public IEnumerable<PolicyFinding> Check(PolicyContext context)
    {
        if (context.Options.DeniedOperations.Contains(context.Command.Operation.Name, StringComparer.Ordinal))
        {
            yield return new(Name, PolicyDecision.Rejected, $"{context.Command.Operation.Name} is switched off in Remediation:Policy:DeniedOperations");
        }
    }
}
