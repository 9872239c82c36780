namespace KubeWise.Core.Remediation.Catalog;

/// <summary>
/// <c>restart_statefulset name=&lt;statefulset&gt; ns=&lt;namespace&gt;</c>: a rolling restart as <c>kubectl rollout restart</c> does it, by stamping the
/// pod template annotation <c>kubectl.kubernetes.io/restartedAt</c>. Not reversible: restarted pods stay restarted.
/// </summary>
public sealed record RestartStatefulSetCommand(string Name, string Namespace) : RemediationCommand
{
    public static OperationDescriptor Descriptor { get; } = new(
        Name: "restart_statefulset",
        Summary: "Rolling restart of a StatefulSet (kubectl rollout restart): replaces its pods one by one.",
        TargetKind: KubernetesKinds.StatefulSet,
        Reversible: false,
        ChangedFields: ["spec.template.metadata.annotations[kubectl.kubernetes.io/restartedAt]"],
        Parameters: [CommonParameters.Name("StatefulSet"), CommonParameters.Namespace("StatefulSet")],
        Example: "restart_statefulset name=postgres ns=default",
        Create: args => new RestartStatefulSetCommand(args.String(CommonParameters.NameKey), args.String(CommonParameters.NamespaceKey)));

    public override OperationDescriptor Operation => Descriptor;

    public override ObjectReference Target => new(KubernetesKinds.StatefulSet, Namespace, Name);

    public override IEnumerable<KeyValuePair<string, object>> Arguments =>
        [Arg(CommonParameters.NameKey, Name), Arg(CommonParameters.NamespaceKey, Namespace)];
}
