namespace KubeWise.Core.Remediation.Catalog;

/// <summary>
/// <c>scale_statefulset name=&lt;statefulset&gt; ns=&lt;namespace&gt; replicas=&lt;n&gt;</c>: sets <c>spec.replicas</c> through the scale subresource
/// (<c>kubectl scale</c>). The policy splits large changes into phases. Reversible: rollback restores the old count.
/// </summary>
public sealed record ScaleStatefulSetCommand(string Name, string Namespace, int Replicas) : RemediationCommand, IScaleCommand
{
    public static OperationDescriptor Descriptor { get; } = new(
        Name: "scale_statefulset",
        Summary: "Set the replica count of a StatefulSet (kubectl scale); large changes are applied in phases.",
        TargetKind: KubernetesKinds.StatefulSet,
        Reversible: true,
        ChangedFields: ["spec.replicas"],
        Parameters: [CommonParameters.Name("StatefulSet"), CommonParameters.Namespace("StatefulSet"), CommonParameters.Replicas("StatefulSet")],
        Example: "scale_statefulset name=postgres ns=default replicas=3",
        Create: args => new ScaleStatefulSetCommand(
            args.String(CommonParameters.NameKey), args.String(CommonParameters.NamespaceKey), args.Int32("replicas")));

    public override OperationDescriptor Operation => Descriptor;

    public override ObjectReference Target => new(KubernetesKinds.StatefulSet, Namespace, Name);

    public override IEnumerable<KeyValuePair<string, object>> Arguments =>
        [Arg(CommonParameters.NameKey, Name), Arg(CommonParameters.NamespaceKey, Namespace), Arg("replicas", (long)Replicas)];
}
