using KubeWise.Core.Analysis;

namespace KubeWise.Core.Tests.Analysis;

/// <summary>
/// Stand-in for the remediation catalog and policy (issue 7) while they are not on main: a closed list of
/// operations with their parameters and the scope rule (the anomalous entity, its owners, its node).
/// Production uses the catalog adapter; this keeps the analysis tests meaningful until then.
/// </summary>
internal sealed class ScopeOnlyScreen : IProposalScreen
{
    private static readonly OperationParameter Name = new("name", ParameterKind.String, true, "Name of the target object.");
    private static readonly OperationParameter Ns = new("ns", ParameterKind.String, true, "Namespace of the target object.");

    public IReadOnlyList<OperationSchema> Operations { get; } =
    [
        new("restart_deployment", "Rolling restart of a Deployment.", [Name, Ns]),
        new("restart_statefulset", "Rolling restart of a StatefulSet.", [Name, Ns]),
        new("scale_deployment", "Set a Deployment's replicas.", [Name, Ns, new("replicas", ParameterKind.Integer, true, "Desired replicas.")]),
        new("rollback_deployment", "Roll a Deployment back to its previous revision.", [Name, Ns]),
        new("delete_pod", "Delete one pod so its controller replaces it.", [Name, Ns]),
        new("set_resources", "Change a container's requests and limits.",
            [Name, Ns, new("container", ParameterKind.String, true, "Container."), new("kind", ParameterKind.String, false, "Workload kind.", ["deployment", "statefulset", "daemonset"]),
             new("memory_limit", ParameterKind.String, false, "New memory limit.")]),
        new("cordon_node", "Mark a node unschedulable.", [Name]),
        new("drain_node", "Evict a node's pods.", [Name]),
    ];

    public IReadOnlyList<ProposalVerdict> Screen(IReadOnlyList<CommandProposal> proposals, AnalysisRequest incident) =>
        [.. proposals.Select(p => ScreenOne(p, incident))];

    private ProposalVerdict ScreenOne(CommandProposal proposal, AnalysisRequest incident)
    {
        var op = Operations.FirstOrDefault(o => o.Name == proposal.Operation);
        if (op is null)
        {
            return ProposalVerdict.Reject($"'{proposal.Operation}' is not an operation KubeWise can run");
        }

        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in proposal.Parameters)
        {
            if (op.Parameters.All(p => p.Name != key) || !args.TryAdd(key, value))
            {
                return ProposalVerdict.Reject($"{op.Name} has no parameter '{key}' or it is given twice");
            }
        }

        if (op.Parameters.FirstOrDefault(p => p.Required && !args.ContainsKey(p.Name)) is { } missing)
        {
            return ProposalVerdict.Reject($"{op.Name} needs parameter '{missing.Name}'");
        }

        var entity = incident.Anomaly.Entity;
        bool inScope = op.Name.EndsWith("_node", StringComparison.Ordinal)
            ? args["name"] == (entity.IsNode ? entity.Name : incident.Facts.NodeName)
            : args["ns"] == entity.Namespace
              && (args["name"] == entity.Name || incident.Facts.OwnersOrEmpty.Any(o => o.Name == args["name"] && o.Namespace == args["ns"]));
        if (!inScope)
        {
            return ProposalVerdict.Reject($"{op.Name} targets an object outside the anomalous entity, its owners and its node");
        }

        var text = string.Join(' ', [op.Name, .. op.Parameters.Where(p => args.ContainsKey(p.Name)).Select(p => $"{p.Name}={args[p.Name]}")]);
        return ProposalVerdict.Accept(text, op.Name);
    }
}
