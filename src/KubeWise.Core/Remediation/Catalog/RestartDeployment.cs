namespace KubeWise.Core.Remediation.Catalog;

/// <summary>
/// <c>restart_deployment name=&lt;deployment&gt; ns=&lt;namespace&gt;</c>: a rolling restart as <c>kubectl rollout restart</c> does it, by stamping the
/// pod template annotation <c>kubectl.kubernetes.io/restartedAt</c>. Not reversible: restarted pods stay restarted.
/// </summary>
public sealed record RestartDeploymentCommand(string Name, string Namespace) : RemediationCommand
{
    public static OperationDescriptor Descriptor { get; } = new(
        Name: "restart_deployment",
        Summary: "Rolling restart of a Deployment (kubectl rollout restart): replaces its pods one by one.",
        TargetKind: KubernetesKinds.Deployment,
        Reversible: false,
        ChangedFields: ["spec.template.metadata.annotations[kubectl.kubernetes.io/restartedAt]"],
        Parameters: [CommonParameters.Name("Deployment"), CommonParameters.Namespace("Deployment")],
        Example: "restart_deployment name=nginx ns=default",
        Create: args => new RestartDeploymentCommand(args.String(CommonParameters.NameKey), args.String(CommonParameters.NamespaceKey)));

    public override OperationDescriptor Operation => Descriptor;

    public override ObjectReference Target => new(KubernetesKinds.Deployment, Namespace, Name);

    public override IEnumerable<KeyValuePair<string, object>> Arguments =>
        [Arg(CommonParameters.NameKey, Name), Arg(CommonParameters.NamespaceKey, Namespace)];
}
