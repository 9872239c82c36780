using KubeWise.Core.Remediation.Catalog;
using KubeWise.Core.Remediation.Policy;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace KubeWise.Core.Tests.Remediation.Policy;

/// <summary>
/// A small cluster as facts: pod shop/web-6d4f-x2v9q (the anomalous entity) on worker-1, owned by ReplicaSet web-6d4f,
/// owned by Deployment web (3 replicas, container app); StatefulSet shop/db; ten nodes.
/// </summary>
internal static class PolicyWorld
{
    public static readonly DateTimeOffset Start = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    public static readonly RemediationCatalog Catalog = new();

    public static readonly ObjectFacts Pod = new(new("Pod", "shop", "web-6d4f-x2v9q"), "uid-pod", 1);

    public static readonly ObjectFacts ReplicaSet = new(new("ReplicaSet", "shop", "web-6d4f"), "uid-rs", 1) { Replicas = 3 };

    public static readonly ObjectFacts Deployment = new(new("Deployment", "shop", "web"), "uid-web", 7)
    {
        Replicas = 3,
        Labels = new Dictionary<string, string> { ["app"] = "web" },
        Containers =
        [
            new ContainerFacts("app")
            {
                Requests = new Dictionary<string, string> { ["cpu"] = "250m", ["memory"] = "256Mi" },
                Limits = new Dictionary<string, string> { ["cpu"] = "500m", ["memory"] = "512Mi" },
            },
        ],
    };

    public static readonly ObjectFacts StatefulSet = new(new("StatefulSet", "shop", "db"), "uid-db", 3) { Replicas = 2 };

    public static readonly ObjectFacts DaemonSet = new(new("DaemonSet", "monitoring", "node-exporter"), "uid-ne", 2);

    public static ObjectFacts Node(string name, bool cordoned = false) =>
        new(new("Node", null, name), $"uid-{name}", 1) { Unschedulable = cordoned };

    public static RemediationCommand Command(string text)
    {
        var result = Catalog.Parse(text);
        return result.Succeeded ? result.Command : throw new InvalidOperationException(result.Error.Reason);
    }

    /// <summary>Facts for <paramref name="command"/>: the world's object it names as target, the pod as anomalous entity.</summary>
    public static RemediationFacts For(RemediationCommand command)
    {
        var target = new[] { Pod, ReplicaSet, Deployment, StatefulSet, DaemonSet }.FirstOrDefault(o => o.Reference.Matches(command.Target))
            ?? (command.Target.Kind == "Node" ? Node(command.Target.Name) : null);
        var entity = target?.Reference.Kind is "StatefulSet" or "DaemonSet" ? target.Reference : Pod.Reference;
        return new RemediationFacts
        {
            AnomalousEntity = entity,
            Target = target,
            OwnerChain = entity == Pod.Reference ? [ReplicaSet, Deployment] : [],
            Namespaces = [new NamespaceFacts("shop"), new NamespaceFacts("monitoring")],
            EntityNode = "worker-1",
            Cluster = new ClusterFacts(10, []),
        };
    }

    public static RemediationPolicy NewPolicy(TimeProvider time, Action<RemediationPolicyOptions>? configure = null)
    {
        var options = new RemediationPolicyOptions();
        configure?.Invoke(options);
        return new RemediationPolicy(Options.Create(options), time);
    }

    public static FakeTimeProvider Clock() => new(Start);
}
