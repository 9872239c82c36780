using KubeWise.Core.Remediation.Catalog;

namespace KubeWise.Core.Remediation.Policy.Guards;

/// <summary>
/// Deleting a pod bypasses the Eviction API, so it is refused while a PodDisruptionBudget covering the pod allows no
/// disruption. (Drains go through the Eviction API, which enforces budgets itself.)
/// </summary>
public sealed class DisruptionBudgetGuard : IPolicyGuard
{
    public string Name => "disruption-budget";

    public IEnumerable<PolicyFinding> Check(PolicyContext context)
    {
        if (context.Command is not DeletePodCommand)
        {
            yield break;
        }

        foreach (var pdb in context.Facts.DisruptionBudgets.Where(p => p.DisruptionsAllowed <= 0))
        {
            yield return new(Name, PolicyDecision.Rejected,
                $"PodDisruptionBudget {pdb.Name} allows no disruption now; deleting {context.Command.Target} would break it");
        }
    }
}
