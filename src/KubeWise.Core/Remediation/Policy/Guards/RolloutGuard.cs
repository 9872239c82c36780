using KubeWise.Core.Remediation.Catalog;

namespace KubeWise.Core.Remediation.Policy.Guards;

/// <summary>A workload in the middle of a rollout is left alone: a change now would mix with the rollout's own changes.</summary>
public sealed class RolloutGuard : IPolicyGuard
{
    public string Name => "rollout";

    public IEnumerable<PolicyFinding> Check(PolicyContext context)
    {
        if (context.Command.Target.Kind == KubernetesKinds.Node)
        {
            yield break;
        }

        foreach (var obj in context.TargetAndOwners.Where(o => o.RolloutInProgress))
        {
            yield return new(Name, PolicyDecision.SuggestionOnly,
                $"{obj.Reference} is in the middle of a rollout; KubeWise leaves rollouts alone, retry when it has finished");
        }
    }
}
