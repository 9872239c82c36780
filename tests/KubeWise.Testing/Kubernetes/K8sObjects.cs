using k8s.Models;

namespace KubeWise.Testing.Kubernetes;

/// <summary>Realistic objects to seed the fake API server with.</summary>
public static class K8sObjects
{
    public static V1Deployment Deployment(string ns, string name, int replicas = 3, string image = "nginx:1.27", string container = "app",
        long revision = 2)
    {
        var labels = new Dictionary<string, string> { ["app"] = name };
        return new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = ns,
                Labels = labels,
                Annotations = new Dictionary<string, string> { ["deployment.kubernetes.io/revision"] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            },
            Spec = new V1DeploymentSpec
            {
                Replicas = replicas,
                Selector = new V1LabelSelector { MatchLabels = labels },
                Template = Template(labels, image, container),
            },
            Status = new V1DeploymentStatus { Replicas = replicas, ReadyReplicas = replicas, ObservedGeneration = 1 },
        };
    }

    public static V1StatefulSet StatefulSet(string ns, string name, int replicas = 3)
    {
        var labels = new Dictionary<string, string> { ["app"] = name };
        return new V1StatefulSet
        {
            ApiVersion = "apps/v1",
            Kind = "StatefulSet",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = labels },
            Spec = new V1StatefulSetSpec
            {
                Replicas = replicas,
                ServiceName = name,
                Selector = new V1LabelSelector { MatchLabels = labels },
                Template = Template(labels, "postgres:16", "db"),
            },
            Status = new V1StatefulSetStatus { Replicas = replicas },
        };
    }

    public static V1DaemonSet DaemonSet(string ns, string name)
    {
        var labels = new Dictionary<string, string> { ["app"] = name };
        return new V1DaemonSet
        {
            ApiVersion = "apps/v1",
            Kind = "DaemonSet",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = labels },
            Spec = new V1DaemonSetSpec
            {
                Selector = new V1LabelSelector { MatchLabels = labels },
                Template = Template(labels, "fluent-bit:3", "agent"),
            },
        };
    }

    /// <summary>A ReplicaSet of <paramref name="owner"/> at <paramref name="revision"/>, as the deployment controller makes it.</summary>
    public static V1ReplicaSet ReplicaSet(V1Deployment owner, long revision, string image, string hash)
    {
        var labels = new Dictionary<string, string>(owner.Spec.Selector.MatchLabels) { ["pod-template-hash"] = hash };
        var template = Template(labels, image, owner.Spec.Template.Spec.Containers[0].Name);
        return new V1ReplicaSet
        {
            ApiVersion = "apps/v1",
            Kind = "ReplicaSet",
            Metadata = new V1ObjectMeta
            {
                Name = $"{owner.Metadata.Name}-{hash}",
                NamespaceProperty = owner.Metadata.NamespaceProperty,
                Labels = labels,
                Annotations = new Dictionary<string, string>
                {
                    ["deployment.kubernetes.io/revision"] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["deployment.kubernetes.io/desired-replicas"] = "3",
                    ["team"] = "payments",
                },
                OwnerReferences = [Owner("apps/v1", "Deployment", owner.Metadata.Name, owner.Metadata.Uid)],
            },
            Spec = new V1ReplicaSetSpec { Replicas = 0, Selector = new V1LabelSelector { MatchLabels = labels }, Template = template },
        };
    }

    public static V1Pod Pod(string ns, string name, string node, V1OwnerReference? owner = null, IDictionary<string, string>? labels = null,
        bool emptyDir = false)
    {
        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = ns,
                Labels = labels ?? new Dictionary<string, string> { ["app"] = name },
                OwnerReferences = owner is null ? null : [owner],
            },
            Spec = new V1PodSpec
            {
                NodeName = node,
                Containers = [new V1Container { Name = "app", Image = "nginx:1.27" }],
                Volumes = emptyDir ? [new V1Volume { Name = "scratch", EmptyDir = new V1EmptyDirVolumeSource() }] : null,
            },
            Status = new V1PodStatus { Phase = "Running" },
        };
    }

    public static V1Node Node(string name) => new()
    {
        ApiVersion = "v1",
        Kind = "Node",
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = name } },
        Spec = new V1NodeSpec { PodCIDR = "10.244.0.0/24" },
        Status = new V1NodeStatus { Conditions = [new V1NodeCondition { Type = "Ready", Status = "True" }] },
    };

    public static V1PodDisruptionBudget Pdb(string ns, string name, IDictionary<string, string> selector, int disruptionsAllowed) => new()
    {
        ApiVersion = "policy/v1",
        Kind = "PodDisruptionBudget",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = new V1PodDisruptionBudgetSpec { MinAvailable = 1, Selector = new V1LabelSelector { MatchLabels = selector } },
        Status = new V1PodDisruptionBudgetStatus
        {
            DisruptionsAllowed = disruptionsAllowed,
            CurrentHealthy = 1 + disruptionsAllowed,
            DesiredHealthy = 1,
            ExpectedPods = 1 + disruptionsAllowed,
        },
    };

    public static V1OwnerReference Owner(string apiVersion, string kind, string name, string? uid) => new()
    {
        ApiVersion = apiVersion,
        Kind = kind,
        Name = name,
        Uid = uid ?? Guid.NewGuid().ToString(),
        Controller = true,
        BlockOwnerDeletion = true,
    };

    private static V1PodTemplateSpec Template(IDictionary<string, string> labels, string image, string container) => new()
    {
        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string>(labels) },
        Spec = new V1PodSpec
        {
            Containers =
            [
                new V1Container
                {
                    Name = container,
                    Image = image,
                    Resources = new V1ResourceRequirements
                    {
                        Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m"), ["memory"] = new("128Mi") },
                        Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("256Mi") },
                    },
                },
                new V1Container { Name = "sidecar", Image = "envoy:1.30" },
            ],
        },
    };
}
