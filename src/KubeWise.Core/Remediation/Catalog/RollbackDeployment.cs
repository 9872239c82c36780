namespace KubeWise.Core.Remediation.Catalog;

/// <summary>
/// <c>rollback_deployment name=&lt;deployment&gt; ns=&lt;namespace&gt;</c>: puts the previous revision's pod template back
/// (<c>kubectl rollout undo</c>, from the previous ReplicaSet). Reversible: rollback restores the template it replaced.
/// </summary>
public sealed record RollbackDeploymentCommand(string Name, string Namespace) : RemediationCommand
{
    public static OperationDescriptor Descriptor { get; } = new(
        Name: "rollback_deployment",
        Summary: "Roll a Deployment back to its previous revision (kubectl rollout undo).",
        TargetKind: KubernetesKinds.Deployment,
        Reversible: true,
        ChangedFields: ["spec.template"],
        Parameters: [CommonParameters.Name("Deployment"), CommonParameters.Namespace("Deployment")],
        Example: "rollback_deployment name=nginx ns=default",
        Create: args => new RollbackDeploymentCommand(args.String(CommonParameters.NameKey), args.String(CommonParameters.NamespaceKey)));

    public override OperationDescriptor Operation => Descriptor;

    public override ObjectReference Target => new(KubernetesKinds.Deployment, Namespace, Name);

    public override IEnumerable<KeyValuePair<string, object>> Arguments =>
        [Arg(CommonParameters.NameKey, Name), Arg(CommonParameters.NamespaceKey, Namespace)];
}
