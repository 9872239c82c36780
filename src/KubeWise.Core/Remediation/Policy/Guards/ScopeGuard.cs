using KubeWise.Core.Remediation.Catalog;

namespace KubeWise.Core.Remediation.Policy.Guards;

/// <summary>A command may only touch the anomalous entity, an object in its owner chain, or the node it runs on.</summary>
public sealed class ScopeGuard : IPolicyGuard
{
    public string Name => "scope";

    public IEnumerable<PolicyFinding> Check(PolicyContext context)
    {
        var target = context.Command.Target;
        var facts = context.Facts;
        var inScope = target.Matches(facts.AnomalousEntity)
            || facts.OwnerChain.Any(o => o.Reference.Matches(target))
            || (target.Kind == KubernetesKinds.Node && facts.EntityNode is { } node && string.Equals(target.Name, node, StringComparison.Ordinal));
        if (!inScope)
        {
            var owners = facts.OwnerChain.Count == 0 ? "no owners" : "owners " + string.Join(", ", facts.OwnerChain.Select(o => o.Reference.Key));
            var nodeText = facts.EntityNode is null ? "no known node" : $"node {facts.EntityNode}";
            yield return new(Name, PolicyDecision.Rejected,
                $"{target} is outside the anomaly's scope: only {facts.AnomalousEntity}, its {owners}, or its {nodeText} may be changed");
        }
    }
}
