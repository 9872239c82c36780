namespace KubeWise.Core.Remediation.Catalog;

/// <summary>
/// <c>set_resources name=&lt;workload&gt; ns=&lt;namespace&gt; container=&lt;container&gt; [kind=deployment|statefulset|daemonset]
/// [cpu_request=250m] [cpu_limit=500m] [memory_request=256Mi] [memory_limit=512Mi]</c>: changes one container's requests
/// and limits in the pod template (<c>kubectl set resources</c>), which rolls the workload. At least one quantity is
/// required. Reversible: rollback restores exactly the quantities it wrote.
/// </summary>
public sealed record SetResourcesCommand(
    string Name,
    string Namespace,
    string Container,
    string Kind,
    Quantity? CpuRequest,
    Quantity? CpuLimit,
    Quantity? MemoryRequest,
    Quantity? MemoryLimit) : RemediationCommand
{
    public const string ContainerKey = "container";
    public const string KindKey = "kind";
    public const string CpuRequestKey = "cpu_request";
    public const string CpuLimitKey = "cpu_limit";
    public const string MemoryRequestKey = "memory_request";
    public const string MemoryLimitKey = "memory_limit";

    private static readonly Dictionary<string, string> Kinds = new(StringComparer.Ordinal)
    {
        ["deployment"] = KubernetesKinds.Deployment,
        ["statefulset"] = KubernetesKinds.StatefulSet,
        ["daemonset"] = KubernetesKinds.DaemonSet,
    };

    private const string ContainersPath = "spec.template.spec.containers[name={container}].resources.";

    public static OperationDescriptor Descriptor { get; } = new(
        Name: "set_resources",
        Summary: "Change one container's CPU/memory requests and limits in a workload's pod template (kubectl set resources); rolls the pods.",
        TargetKind: KubernetesKinds.Deployment,
        Reversible: true,
        ChangedFields:
        [
            ContainersPath + "requests.cpu", ContainersPath + "limits.cpu",
            ContainersPath + "requests.memory", ContainersPath + "limits.memory",
        ],
        Parameters:
        [
            CommonParameters.Name("workload"),
            CommonParameters.Namespace("workload"),
            new(ContainerKey, ParameterType.Label, "Name of the container whose resources change."),
            new(KindKey, ParameterType.Enum, "Kind of the workload; deployment when omitted.", Required: false, Values: [.. Kinds.Keys]),
            new(CpuRequestKey, ParameterType.CpuQuantity, "New CPU request, e.g. 250m.", Required: false),
            new(CpuLimitKey, ParameterType.CpuQuantity, "New CPU limit, e.g. 500m.", Required: false),
            new(MemoryRequestKey, ParameterType.MemoryQuantity, "New memory request, e.g. 256Mi.", Required: false),
            new(MemoryLimitKey, ParameterType.MemoryQuantity, "New memory limit, e.g. 512Mi.", Required: false),
        ],
        Example: "set_resources name=nginx ns=default container=nginx cpu_limit=500m memory_limit=512Mi",
        Create: Build);

    /// <summary>The workload kind as the text form spelled it; null when it was omitted, and then printed only for non-Deployments.</summary>
    public string? KindArgument { get; init; }

    public override OperationDescriptor Operation => Descriptor;

    public override ObjectReference Target => new(Kind, Namespace, Name);

    public override IReadOnlyList<string> ChangedFields =>
    [
        .. Quantities().Select(q => ContainersPath.Replace("{container}", Container, StringComparison.Ordinal) + q.Field),
    ];

    /// <summary>The quantities this command sets, with the resource path under <c>resources</c> (e.g. <c>limits.memory</c>).</summary>
    public IEnumerable<(string Field, Quantity Value)> Quantities()
    {
        if (CpuRequest is { } cpuRequest)
        {
            yield return ("requests.cpu", cpuRequest);
        }

        if (CpuLimit is { } cpuLimit)
        {
            yield return ("limits.cpu", cpuLimit);
        }

        if (MemoryRequest is { } memoryRequest)
        {
            yield return ("requests.memory", memoryRequest);
        }

        if (MemoryLimit is { } memoryLimit)
        {
            yield return ("limits.memory", memoryLimit);
        }
    }

    public override IEnumerable<KeyValuePair<string, object>> Arguments
    {
        get
        {
            yield return Arg(CommonParameters.NameKey, Name);
            yield return Arg(CommonParameters.NamespaceKey, Namespace);
            yield return Arg(ContainerKey, Container);
            var kind = KindArgument ?? (Kind == KubernetesKinds.Deployment ? null : Kind.ToLowerInvariant());
            if (kind is not null)
            {
                yield return Arg(KindKey, kind);
            }

            foreach (var (key, value) in new[] { (CpuRequestKey, CpuRequest), (CpuLimitKey, CpuLimit), (MemoryRequestKey, MemoryRequest), (MemoryLimitKey, MemoryLimit) })
            {
                if (value is { } quantity)
                {
                    yield return Arg(key, quantity);
                }
            }
        }
    }

    private static CommandBuild Build(ArgumentValues args)
    {
        var cpuRequest = args.OptionalQuantity(CpuRequestKey);
        var cpuLimit = args.OptionalQuantity(CpuLimitKey);
        var memoryRequest = args.OptionalQuantity(MemoryRequestKey);
        var memoryLimit = args.OptionalQuantity(MemoryLimitKey);
        if (cpuRequest is null && cpuLimit is null && memoryRequest is null && memoryLimit is null)
        {
            return CommandBuild.Invalid("set_resources needs at least one of cpu_request, cpu_limit, memory_request, memory_limit");
        }

        if (cpuRequest?.Value > cpuLimit?.Value)
        {
            return CommandBuild.Invalid($"cpu_request {cpuRequest} is above cpu_limit {cpuLimit}");
        }

        if (memoryRequest?.Value > memoryLimit?.Value)
        {
            return CommandBuild.Invalid($"memory_request {memoryRequest} is above memory_limit {memoryLimit}");
        }

        var kindArgument = args.OptionalString(KindKey);
        return new SetResourcesCommand(
            args.String(CommonParameters.NameKey),
            args.String(CommonParameters.NamespaceKey),
            args.String(ContainerKey),
            kindArgument is null ? KubernetesKinds.Deployment : Kinds[kindArgument],
            cpuRequest,
            cpuLimit,
            memoryRequest,
            memoryLimit)
        { KindArgument = kindArgument };
    }
}
