namespace KubeWise.Core.Remediation.Catalog;

/// <summary>
/// <c>restart_daemonset name=&lt;daemonset&gt; ns=&lt;namespace&gt;</c>: a rolling restart as <c>kubectl rollout restart</c> does it, by stamping the
/// pod template annotation <c>kubectl.kubernetes.io/restartedAt</c>. Not reversible: restarted pods stay restarted.
/// </summary>
public sealed record RestartDaemonSetCommand(string Name, string Namespace) : RemediationCommand
{
    public static OperationDescriptor Descriptor { get; } = new(
        Name: "restart_daemonset",
        Summary: "Rolling restart of a DaemonSet (kubectl rollout restart): replaces its pods one by one.",
        TargetKind: KubernetesKinds.DaemonSet,
        Reversible: false,
        ChangedFields: ["spec.template.metadata.annotations[kubectl.kubernetes.io/restartedAt]"],
        Parameters: [CommonParameters.Name("DaemonSet"), CommonParameters.Namespace("DaemonSet")],
        Example: "restart_daemonset name=node-exporter ns=default",
        Create: args => new RestartDaemonSetCommand(args.String(CommonParameters.NameKey), args.String(CommonParameters.NamespaceKey)));

    public override OperationDescriptor Operation => Descriptor;

    public override ObjectReference Target => new(KubernetesKinds.DaemonSet, Namespace, Name);

    public override IEnumerable<KeyValuePair<string, object>> Arguments =>
        [Arg(CommonParameters.NameKey, Name), Arg(CommonParameters.NamespaceKey, Namespace)];
}
