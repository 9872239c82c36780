namespace KubeWise.Core.Remediation.Catalog;

/// <summary>
/// <c>delete_pod name=&lt;pod&gt; ns=&lt;namespace&gt;</c>: deletes one pod so its controller replaces it
/// (<c>kubectl delete pod</c>, default grace period). Not reversible.
/// </summary>
public sealed record DeletePodCommand(string Name, string Namespace) : RemediationCommand
{
    public static OperationDescriptor Descriptor { get; } = new(
        Name: "delete_pod",
        Summary: "Delete one pod so its controller recreates it (kubectl delete pod).",
        TargetKind: KubernetesKinds.Pod,
        Reversible: false,
        ChangedFields: [],
        Parameters: [CommonParameters.Name("Pod"), CommonParameters.Namespace("Pod")],
        Example: "delete_pod name=nginx-7c5ddbdf54-x2v9q ns=default",
        Create: args => new DeletePodCommand(args.String(CommonParameters.NameKey), args.String(CommonParameters.NamespaceKey)));

    public override OperationDescriptor Operation => Descriptor;

    public override ObjectReference Target => new(KubernetesKinds.Pod, Namespace, Name);

    public override IEnumerable<KeyValuePair<string, object>> Arguments =>
        [Arg(CommonParameters.NameKey, Name), Arg(CommonParameters.NamespaceKey, Namespace)];
}
