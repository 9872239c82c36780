using System.Text.Json.Nodes;
using k8s;
using KubeWise.Core.Kubernetes;
using KubeWise.Core.Remediation.Catalog;
using KubeWise.Core.Remediation.Policy;

namespace KubeWise.Core.Remediation.Execution;

/// <summary>
/// Gathers from the live cluster the facts the policy judges a command on: the target, the anomalous entity's owner
/// chain and node, the namespaces, the HPA and PodDisruptionBudgets, and node counts. The one place that does this,
/// for the re-check before execution and for the CLI's explain mode. Recent actions come from the event store.
/// </summary>
public sealed class ClusterFactsReader(IKubernetesClientFactory clients)
{
    /// <summary>How far an owner chain is followed (Pod → ReplicaSet → Deployment needs 2).</summary>
    private const int MaxOwnerDepth = 4;

    public async Task<RemediationFacts> ReadAsync(RemediationCommand command, ObjectReference anomalousEntity,
        IReadOnlyList<RecentAction> recentActions, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(anomalousEntity);
        var client = clients.GetClient();
        var targetJson = await FindAsync(client, command.Target, ct).ConfigureAwait(false);
        var (chain, node) = await OwnerChainAsync(client, anomalousEntity, ct).ConfigureAwait(false);
        var namespaces = new List<NamespaceFacts>();
        foreach (var ns in new[] { command.Target.Namespace, anomalousEntity.Namespace }.OfType<string>().Distinct(StringComparer.Ordinal))
        {
            try
            {
                var item = await ClusterObjects.Call(() => client.CoreV1.ReadNamespaceAsync(ns, cancellationToken: ct)).ConfigureAwait(false);
                namespaces.Add(new NamespaceFacts(ns)
                {
                    Labels = Dictionary(item.Metadata.Labels),
                    Annotations = Dictionary(item.Metadata.Annotations),
                });
            }
            catch (KubernetesApiException e) when (e.IsNotFound)
            {
                // A namespace that does not exist has no opt-out to honour; the target guard reports the missing target.
            }
        }

        var nodes = await ClusterObjects.Call(() => client.CoreV1.ListNodeAsync(cancellationToken: ct)).ConfigureAwait(false);
        return new RemediationFacts
        {
            AnomalousEntity = anomalousEntity,
            Target = targetJson is null ? null : ToFacts(command.Target, targetJson),
            OwnerChain = chain,
            Namespaces = namespaces,
            EntityNode = node,
            Hpa = targetJson is null ? null : await HpaAsync(client, command.Target, ct).ConfigureAwait(false),
            DisruptionBudgets = targetJson is null ? [] : await BudgetsAsync(client, command.Target, targetJson, ct).ConfigureAwait(false),
            RecentActions = recentActions,
            Cluster = new ClusterFacts(nodes.Items.Count,
                [.. nodes.Items.Where(n => n.Spec?.Unschedulable == true).Select(n => n.Metadata.Name)]),
        };
    }

    private static async Task<JsonObject?> FindAsync(IKubernetes client, ObjectReference reference, CancellationToken ct) =>
        reference.Kind is KubernetesKinds.Deployment or KubernetesKinds.StatefulSet or KubernetesKinds.DaemonSet
            or KubernetesKinds.ReplicaSet or KubernetesKinds.Pod or KubernetesKinds.Node
            ? await ClusterObjects.FindAsync(client, reference, ct).ConfigureAwait(false)
            : null;

    private static async Task<(IReadOnlyList<ObjectFacts> Chain, string? Node)> OwnerChainAsync(IKubernetes client, ObjectReference entity, CancellationToken ct)
    {
        if (entity.Kind == KubernetesKinds.Node)
        {
            return ([], entity.Name);
        }

        var chain = new List<ObjectFacts>();
        var current = await FindAsync(client, entity, ct).ConfigureAwait(false);
        var node = current?["spec"]?["nodeName"]?.GetValue<string>();
        for (var depth = 0; current is not null && depth < MaxOwnerDepth; depth++)
        {
            var owner = (current["metadata"]?["ownerReferences"] as JsonArray)?.OfType<JsonObject>()
                .FirstOrDefault(o => o["controller"]?.GetValue<bool>() == true);
            if (owner is null)
            {
                break;
            }

            var reference = new ObjectReference(owner["kind"]!.GetValue<string>(), entity.Namespace, owner["name"]!.GetValue<string>());
            current = await FindAsync(client, reference, ct).ConfigureAwait(false);
            if (current is not null)
            {
                chain.Add(ToFacts(reference, current));
            }
        }

        return (chain, node);
    }

    private static async Task<HpaFacts?> HpaAsync(IKubernetes client, ObjectReference target, CancellationToken ct)
    {
        if (target.Kind is not (KubernetesKinds.Deployment or KubernetesKinds.StatefulSet))
        {
            return null;
        }

        var list = await ClusterObjects.Call(() => client.AutoscalingV2.ListNamespacedHorizontalPodAutoscalerAsync(target.Namespace, cancellationToken: ct)).ConfigureAwait(false);
        var hpa = list.Items.FirstOrDefault(h => h.Spec.ScaleTargetRef.Kind == target.Kind && h.Spec.ScaleTargetRef.Name == target.Name);
        return hpa is null ? null : new HpaFacts(hpa.Metadata.Name, hpa.Spec.MinReplicas ?? 1, hpa.Spec.MaxReplicas);
    }

    private static async Task<IReadOnlyList<PdbFacts>> BudgetsAsync(IKubernetes client, ObjectReference target, JsonObject item, CancellationToken ct)
    {
        var labels = target.Kind == KubernetesKinds.Pod ? item["metadata"]?["labels"] : item["spec"]?["template"]?["metadata"]?["labels"];
        if (target.Namespace is null || labels is not JsonObject labelObject)
        {
            return [];
        }

        var podLabels = labelObject.ToDictionary(p => p.Key, p => p.Value?.GetValue<string>() ?? "");
        var list = await ClusterObjects.Call(() => client.PolicyV1.ListNamespacedPodDisruptionBudgetAsync(target.Namespace, cancellationToken: ct)).ConfigureAwait(false);
        return [.. list.Items.Where(p => LabelSelectorMatch.Matches(p.Spec.Selector, podLabels))
            .Select(p => new PdbFacts(p.Metadata.Name, p.Status?.DisruptionsAllowed ?? 0))];
    }

    internal static ObjectFacts ToFacts(ObjectReference reference, JsonObject item)
    {
        var spec = item["spec"] as JsonObject;
        var podSpec = reference.Kind == KubernetesKinds.Pod ? spec : spec?["template"]?["spec"] as JsonObject;
        return new ObjectFacts(reference, ClusterObjects.Uid(item), ClusterObjects.Generation(item) ?? 0)
        {
            Labels = Strings(item["metadata"]?["labels"]),
            Annotations = Strings(item["metadata"]?["annotations"]),
            Replicas = Long(spec?["replicas"]) is long r ? (int)r : null,
            RolloutInProgress = RolloutInProgress(reference.Kind, item),
            Unschedulable = spec?["unschedulable"]?.GetValue<bool>() == true,
            Containers = [.. ((podSpec?["containers"] as JsonArray)?.OfType<JsonObject>() ?? []).Select(c => new ContainerFacts(c["name"]!.GetValue<string>())
            {
                Requests = Strings(c["resources"]?["requests"]),
                Limits = Strings(c["resources"]?["limits"]),
            })],
        };
    }

    /// <summary>
    /// A new template or replica count is still being rolled out (kubectl rollout status's conditions). Pods that are
    /// merely unavailable do not count: that is often the anomaly being fixed.
    /// </summary>
    private static bool RolloutInProgress(string kind, JsonObject item)
    {
        if (kind is not (KubernetesKinds.Deployment or KubernetesKinds.StatefulSet or KubernetesKinds.DaemonSet))
        {
            return false;
        }

        var status = item["status"];
        if (ClusterObjects.Generation(item) is long generation && Long(status?["observedGeneration"]) is long observed && observed < generation)
        {
            return true;
        }

        if (kind == KubernetesKinds.DaemonSet)
        {
            return Long(status?["updatedNumberScheduled"]) is long updatedScheduled && Long(status?["desiredNumberScheduled"]) is long desired
                && updatedScheduled < desired;
        }

        var replicas = Long(item["spec"]?["replicas"]) ?? 1;
        var updated = Long(status?["updatedReplicas"]);
        return updated is long u && (u < replicas || (Long(status?["replicas"]) is long total && total > u));
    }

    private static long? Long(JsonNode? node) => node is JsonValue v && long.TryParse(v.ToJsonString(), out var n) ? n : null;

    private static Dictionary<string, string> Strings(JsonNode? node) =>
        (node as JsonObject)?.ToDictionary(p => p.Key, p => p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : p.Value?.ToJsonString() ?? "")
        ?? [];

    private static Dictionary<string, string> Dictionary(IDictionary<string, string>? values) => values is null ? [] : new(values);
}
