namespace KubeWise.Core.Remediation.Catalog;

/// <summary>
/// <c>uncordon_node name=&lt;node&gt;</c>: sets <c>spec.unschedulable: false</c> (<c>kubectl uncordon</c>). Reversible: rollback cordons again.
/// </summary>
public sealed record UncordonNodeCommand(string Name) : RemediationCommand
{
    public static OperationDescriptor Descriptor { get; } = new(
        Name: "uncordon_node",
        Summary: "Mark a node schedulable again (kubectl uncordon).",
        TargetKind: KubernetesKinds.Node,
        Reversible: true,
        ChangedFields: ["spec.unschedulable"],
        Parameters: [CommonParameters.Name("Node")],
        Example: "uncordon_node name=node-a",
        Create: args => new UncordonNodeCommand(args.String(CommonParameters.NameKey)));

    public override OperationDescriptor Operation => Descriptor;

    public override ObjectReference Target => new(KubernetesKinds.Node, null, Name);

    public override IEnumerable<KeyValuePair<string, object>> Arguments => [Arg(CommonParameters.NameKey, Name)];
}
