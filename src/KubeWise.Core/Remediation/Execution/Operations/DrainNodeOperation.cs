using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KubeWise.Core.Kubernetes;
using KubeWise.Core.Remediation.Catalog;

namespace KubeWise.Core.Remediation.Execution.Operations;

/// <summary>
/// <c>kubectl drain --ignore-daemonsets</c>: cordon (the marked write), then the Eviction API for each pod on the node,
/// so PodDisruptionBudgets are honoured. DaemonSet pods and mirror (static) pods are skipped, as kubectl skips them.
/// A 429 from an eviction means a budget says "not now": the drain waits and tries again until its timeout; it is
/// not a failure. Like kubectl without <c>--force</c>/<c>--delete-emptydir-data</c>, it refuses (before cordoning)
/// when the node runs pods without a controller or with emptyDir data.
/// <code>
/// PATCH /api/v1/nodes/{node}                                     {"metadata":{…marker…},"spec":{"unschedulable":true}}
/// GET   /api/v1/pods?fieldSelector=spec.nodeName={node}
/// POST  /api/v1/namespaces/{ns}/pods/{pod}/eviction              (policy/v1 Eviction, UID precondition)
/// </code>
/// Reversible in part: rollback uncordons the node; evicted pods are not brought back.
/// </summary>
public sealed class DrainNodeOperation(DrainNodeCommand command, TimeSpan? timeout = null) : RemediationOperation(command)
{
    /// <summary>The drain's own limit; null takes <see cref="ExecutionOptions.DrainTimeout"/>.</summary>
    public TimeSpan? Timeout { get; } = timeout;

    public override async Task<string?> PreconditionAsync(OperationContext context, JsonObject live, CancellationToken ct)
    {
        var pods = await PodsOnNodeAsync(context, ct).ConfigureAwait(false);
        var unmanaged = pods.Where(p => Classify(p) == PodKind.Evictable && Controller(p) is null).Select(PodName).ToList();
        var local = pods.Where(p => Classify(p) == PodKind.Evictable && p.Spec?.Volumes?.Any(v => v.EmptyDir is not null) == true).Select(PodName).ToList();
        var reasons = new List<string>();
        if (unmanaged.Count > 0)
        {
            reasons.Add($"pods without a controller would not come back: {string.Join(", ", unmanaged)}");
        }

        if (local.Count > 0)
        {
            reasons.Add($"pods with emptyDir data would lose it: {string.Join(", ", local)}");
        }

        return reasons.Count == 0 ? null : $"Cannot drain node {Target.Name}: {string.Join("; ", reasons)}.";
    }

    public override Task<JsonObject> WriteAsync(OperationContext context, JsonObject live, bool dryRun, CancellationToken ct) =>
        CordonNodeOperation.Patch(context, Target, live, cordon: true, dryRun, ct);

    public override async Task<FollowUpOutcome> CompleteAsync(OperationContext context, JsonObject live, ValidatedState validated, bool dryRun, CancellationToken ct)
    {
        var notes = new List<string>();
        var initial = await PodsOnNodeAsync(context, ct).ConfigureAwait(false);
        var skippedDaemonSet = initial.Where(p => Classify(p) == PodKind.DaemonSet).Select(PodName).ToList();
        var skippedMirror = initial.Where(p => Classify(p) == PodKind.Mirror).Select(PodName).ToList();
        if (skippedDaemonSet.Count > 0)
        {
            notes.Add($"skipped DaemonSet-managed pods: {string.Join(", ", skippedDaemonSet)}");
        }

        if (skippedMirror.Count > 0)
        {
            notes.Add($"skipped mirror pods: {string.Join(", ", skippedMirror)}");
        }

        if (dryRun)
        {
            foreach (var pod in initial.Where(p => Classify(p) == PodKind.Evictable))
            {
                var outcome = await EvictAsync(context, pod, dryRun: true, ct).ConfigureAwait(false);
                notes.Add($"dry run: eviction of {PodName(pod)} {outcome}");
            }

            return new FollowUpOutcome(false, false, notes);
        }

        var deadline = context.Time.GetUtcNow() + (Timeout ?? context.Options.DrainTimeout);
        var evicted = new List<string>();
        var rounds = 0;
        while (true)
        {
            var pending = (await PodsOnNodeAsync(context, ct).ConfigureAwait(false)).Where(p => Classify(p) == PodKind.Evictable).ToList();
            if (pending.Count == 0)
            {
                break;
            }

            var blocked = new List<string>();
            var progressed = false;
            foreach (var pod in pending.Where(p => p.Metadata.DeletionTimestamp is null))
            {
                var outcome = await EvictAsync(context, pod, dryRun: false, ct).ConfigureAwait(false);
                if (outcome.Result == EvictionResult.Evicted)
                {
                    evicted.Add(PodName(pod));
                    progressed = true;
                }
                else if (outcome.Result == EvictionResult.Blocked)
                {
                    blocked.Add($"{PodName(pod)} ({outcome})");
                }
            }

            if (progressed && blocked.Count == 0)
            {
                // Evicted pods may still be terminating; the next listing tells.
                continue;
            }

            if (context.Time.GetUtcNow() >= deadline)
            {
                notes.Add($"evicted: {(evicted.Count == 0 ? "none" : string.Join(", ", evicted))}");
                notes.Add($"still on the node after {(Timeout ?? context.Options.DrainTimeout)}: {string.Join(", ", blocked.Count > 0 ? blocked : pending.Select(PodName))}");
                return new FollowUpOutcome(evicted.Count > 0, true, notes);
            }

            rounds++;
            await Task.Delay(context.Options.EvictionRetryInterval, context.Time, ct).ConfigureAwait(false);
        }

        notes.Add($"evicted: {(evicted.Count == 0 ? "none" : string.Join(", ", evicted))}");
        if (rounds > 0)
        {
            notes.Add($"waited {rounds} time(s) for PodDisruptionBudgets or terminating pods");
        }

        return new FollowUpOutcome(evicted.Count > 0, false, notes);
    }

    public override string Describe() => $"Drained {Target} (cordoned, pods evicted through the Eviction API)";

    private async Task<IReadOnlyList<V1Pod>> PodsOnNodeAsync(OperationContext context, CancellationToken ct)
    {
        var list = await ClusterObjects.Call(() => context.Client.CoreV1.ListPodForAllNamespacesAsync(
            fieldSelector: $"spec.nodeName={Target.Name}", cancellationToken: ct)).ConfigureAwait(false);
        return list.Items.ToList();
    }

    private static async Task<EvictionOutcome> EvictAsync(OperationContext context, V1Pod pod, bool dryRun, CancellationToken ct)
    {
        var eviction = new V1Eviction
        {
            ApiVersion = "policy/v1",
            Kind = "Eviction",
            Metadata = new V1ObjectMeta { Name = pod.Metadata.Name, NamespaceProperty = pod.Metadata.NamespaceProperty },
            DeleteOptions = new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid } },
        };
        try
        {
            await ClusterObjects.Call(() => context.Client.CoreV1.CreateNamespacedPodEvictionAsync(
                eviction, pod.Metadata.Name, pod.Metadata.NamespaceProperty, dryRun: ClusterObjects.DryRun(dryRun), cancellationToken: ct)).ConfigureAwait(false);
            return new(EvictionResult.Evicted, dryRun ? "would succeed" : "evicted");
        }
        catch (KubernetesApiException e) when (e.IsTooManyRequests)
        {
            return new(EvictionResult.Blocked, $"blocked by a PodDisruptionBudget: {string.Join("; ", e.Status.Causes.DefaultIfEmpty(e.Status.Message))}");
        }
        catch (KubernetesApiException e) when (e.IsNotFound || (e.IsConflict && e.Status.Message.Contains("UID", StringComparison.Ordinal)))
        {
            return new(EvictionResult.Gone, "already gone");
        }
    }

    private enum PodKind
    {
        Evictable,
        DaemonSet,
        Mirror,
    }

    private static PodKind Classify(V1Pod pod)
    {
        if (pod.Metadata.Annotations?.ContainsKey("kubernetes.io/config.mirror") == true)
        {
            return PodKind.Mirror;
        }

        return Controller(pod)?.Kind == "DaemonSet" ? PodKind.DaemonSet : PodKind.Evictable;
    }

    private static V1OwnerReference? Controller(V1Pod pod) => pod.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true);

    private static string PodName(V1Pod pod) => $"{pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}";
}
