using KubeWise.Core.Remediation.Catalog;

namespace KubeWise.Core.Remediation.Policy.Guards;

/// <summary>
/// Cordon and drain may leave at most <see cref="RemediationPolicyOptions.MaxCordonedNodesPercent"/> of the nodes cordoned
/// and always at least one schedulable node; cordon/uncordon must change something.
/// </summary>
public sealed class NodeGuard : IPolicyGuard
{
    public string Name => "nodes";

    public IEnumerable<PolicyFinding> Check(PolicyContext context)
    {
        var command = context.Command;
        var node = context.Target;
        if (command is UncordonNodeCommand)
        {
            if (!node.Unschedulable)
            {
                yield return new(Name, PolicyDecision.Rejected, $"node {command.Target.Name} is not cordoned");
            }

            yield break;
        }

        if (command is not (CordonNodeCommand or DrainNodeCommand))
        {
            yield break;
        }

        if (command is CordonNodeCommand && node.Unschedulable)
        {
            yield return new(Name, PolicyDecision.Rejected, $"node {command.Target.Name} is already cordoned");
            yield break;
        }

        var cluster = context.Facts.Cluster;
        var cordoned = cluster.CordonedNodes.Append(command.Target.Name).Distinct(StringComparer.Ordinal).Count();
        if (cluster.NodeCount <= 0)
        {
            yield return new(Name, PolicyDecision.Rejected, "the number of nodes is unknown, so the cordon limit cannot be checked");
        }
        else if (cordoned >= cluster.NodeCount)
        {
            yield return new(Name, PolicyDecision.Rejected, $"cordoning {command.Target.Name} would leave no schedulable node ({cordoned} of {cluster.NodeCount} cordoned)");
        }
        else if (cordoned * 100 > context.Options.MaxCordonedNodesPercent * cluster.NodeCount)
        {
            yield return new(Name, PolicyDecision.Rejected,
                $"cordoning {command.Target.Name} would leave {cordoned} of {cluster.NodeCount} nodes cordoned ({cordoned * 100.0 / cluster.NodeCount:0}%), above the {context.Options.MaxCordonedNodesPercent}% limit");
        }
    }
}
