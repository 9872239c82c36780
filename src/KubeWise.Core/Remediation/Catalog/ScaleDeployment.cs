namespace KubeWise.Core.Remediation.Catalog;

/// <summary>
/// <c>scale_deployment name=&lt;deployment&gt; ns=&lt;namespace&gt; replicas=&lt;n&gt;</c>: sets <c>spec.replicas</c> through the scale subresource
/// (<c>kubectl scale</c>). The policy splits large changes into phases. Reversible: rollback restores the old count.
/// </summary>
public sealed record ScaleDeploymentCommand(string Name, string Namespace, int Replicas) : RemediationCommand, IScaleCommand
{
    public static OperationDescriptor Descriptor { get; } = new(
        Name: "scale_deployment",
        Summary: "Set the replica count of a Deployment (kubectl scale); large changes are applied in phases.",
        TargetKind: KubernetesKinds.Deployment,
        Reversible: true,
        ChangedFields: ["spec.replicas"],
        Parameters: [CommonParameters.Name("Deployment"), CommonParameters.Namespace("Deployment"), CommonParameters.Replicas("Deployment")],
        Example: "scale_deployment name=nginx ns=default replicas=3",
        Create: args => new ScaleDeploymentCommand(
            args.String(CommonParameters.NameKey), args.String(CommonParameters.NamespaceKey), args.Int32("replicas")));

    public override OperationDescriptor Operation => Descriptor;

    public override ObjectReference Target => new(KubernetesKinds.Deployment, Namespace, Name);

    public override IEnumerable<KeyValuePair<string, object>> Arguments =>
        [Arg(CommonParameters.NameKey, Name), Arg(CommonParameters.NamespaceKey, Namespace), Arg("replicas", (long)Replicas)];
}
