namespace KubeWise.Core.Remediation.Catalog;

/// <summary>
/// <c>cordon_node name=&lt;node&gt;</c>: sets <c>spec.unschedulable: true</c> (<c>kubectl cordon</c>). Reversible: rollback uncordons.
/// </summary>
public sealed record CordonNodeCommand(string Name) : RemediationCommand
{
    public static OperationDescriptor Descriptor { get; } = new(
        Name: "cordon_node",
        Summary: "Mark a node unschedulable (kubectl cordon); running pods stay.",
        TargetKind: KubernetesKinds.Node,
        Reversible: true,
        ChangedFields: ["spec.unschedulable"],
        Parameters: [CommonParameters.Name("Node")],
        Example: "cordon_node name=node-a",
        Create: args => new CordonNodeCommand(args.String(CommonParameters.NameKey)));

    public override OperationDescriptor Operation => Descriptor;

    public override ObjectReference Target => new(KubernetesKinds.Node, null, Name);

    public override IEnumerable<KeyValuePair<string, object>> Arguments => [Arg(CommonParameters.NameKey, Name)];
}
