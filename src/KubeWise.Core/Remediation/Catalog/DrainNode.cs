namespace KubeWise.Core.Remediation.Catalog;

/// <summary>
/// <c>drain_node name=&lt;node&gt;</c>: cordons the node, then evicts its pods through the Eviction API (<c>kubectl drain --ignore-daemonsets</c>),
/// honouring PodDisruptionBudgets. Rollback restores <c>spec.unschedulable</c>; evicted pods are not brought back.
/// </summary>
public sealed record DrainNodeCommand(string Name) : RemediationCommand
{
    public static OperationDescriptor Descriptor { get; } = new(
        Name: "drain_node",
        Summary: "Cordon a node, then evict its pods through the Eviction API, honouring PodDisruptionBudgets and skipping DaemonSet and mirror pods (kubectl drain).",
        TargetKind: KubernetesKinds.Node,
        Reversible: true,
        ChangedFields: ["spec.unschedulable"],
        Parameters: [CommonParameters.Name("Node")],
        Example: "drain_node name=node-a",
        Create: args => new DrainNodeCommand(args.String(CommonParameters.NameKey)));

    public override OperationDescriptor Operation => Descriptor;

    public override ObjectReference Target => new(KubernetesKinds.Node, null, Name);

    public override IEnumerable<KeyValuePair<string, object>> Arguments => [Arg(CommonParameters.NameKey, Name)];
}
