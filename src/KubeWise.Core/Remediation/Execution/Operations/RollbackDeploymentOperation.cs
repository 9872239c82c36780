using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KubeWise.Core.Remediation.Catalog;

namespace KubeWise.Core.Remediation.Execution.Operations;

/// <summary>
/// <c>kubectl rollout undo deployment</c>: find the Deployment's ReplicaSets (its selector, controlled by its UID),
/// take the one with the highest <c>deployment.kubernetes.io/revision</c> below the Deployment's, and send kubectl's
/// JSON patch: its pod template without the <c>pod-template-hash</c> label, and the Deployment's annotations as
/// kubectl computes them (the old ReplicaSet's, keeping kubectl's own revision annotations), plus the marker.
/// <code>
/// GET   /apis/apps/v1/namespaces/{ns}/replicasets?labelSelector={deployment selector}
/// PATCH /apis/apps/v1/namespaces/{ns}/deployments/{name}   (json-patch+json)
/// [{"op":"replace","path":"/metadata/resourceVersion","value":"…"},
///  {"op":"replace","path":"/spec/template","value":{…}},
///  {"op":"replace","path":"/metadata/annotations","value":{…,"kubewise.io/applied":"…"}}]
/// </code>
/// Refused, like kubectl, for a paused Deployment, without history, or when the template already matches.
/// Reversible: rollback restores spec.template.
/// </summary>
public sealed class RollbackDeploymentOperation(RollbackDeploymentCommand command) : RemediationOperation(command)
{
    private const string RevisionAnnotation = "deployment.kubernetes.io/revision";

    // kubectl's annotationsToSkip: kept from the Deployment, never copied from the ReplicaSet.
    private static readonly HashSet<string> AnnotationsToSkip =
    [
        "kubectl.kubernetes.io/last-applied-configuration",
        RevisionAnnotation,
        "deployment.kubernetes.io/revision-history",
        "deployment.kubernetes.io/desired-replicas",
        "deployment.kubernetes.io/max-replicas",
        "deprecated.deployment.rollback.to",
    ];

    public override async Task<string?> PreconditionAsync(OperationContext context, JsonObject live, CancellationToken ct)
    {
        if (live["spec"]?["paused"]?.GetValue<bool>() == true)
        {
            return $"{Target} is paused; kubectl cannot roll back a paused Deployment either. Resume it first.";
        }

        var (previous, revision) = await PreviousReplicaSetAsync(context, live, ct).ConfigureAwait(false);
        if (previous is null)
        {
            return $"No rollout history found for {Target}: no ReplicaSet with a revision below the current one.";
        }

        var template = Template(previous);
        var current = live["spec"]?["template"]?.DeepClone() as JsonObject;
        (current?["metadata"]?["labels"] as JsonObject)?.Remove("pod-template-hash");
        return JsonNode.DeepEquals(template, current)
            ? $"Skipped: the current template of {Target} already matches revision {revision}."
            : null;
    }

    public override async Task<JsonObject> WriteAsync(OperationContext context, JsonObject live, bool dryRun, CancellationToken ct)
    {
        var (previous, revision) = await PreviousReplicaSetAsync(context, live, ct).ConfigureAwait(false);
        if (previous is null)
        {
            throw new RevalidationException($"No rollout history found for {Target}.");
        }

        var annotations = new JsonObject();
        var liveAnnotations = live["metadata"]?["annotations"] as JsonObject;
        foreach (var key in AnnotationsToSkip)
        {
            if (liveAnnotations?[key] is JsonNode value)
            {
                annotations[key] = value.DeepClone();
            }
        }

        foreach (var (key, value) in previous.Metadata.Annotations ?? new Dictionary<string, string>())
        {
            if (!AnnotationsToSkip.Contains(key))
            {
                annotations[key] = value;
            }
        }

        annotations[KubeWiseAnnotations.Applied] = context.Marker;
        var patch = new JsonArray(
            new JsonObject { ["op"] = "replace", ["path"] = "/metadata/resourceVersion", ["value"] = ClusterObjects.ResourceVersion(live) },
            new JsonObject { ["op"] = "replace", ["path"] = "/spec/template", ["value"] = Template(previous) },
            new JsonObject { ["op"] = "replace", ["path"] = "/metadata/annotations", ["value"] = annotations });
        context.Logger.LogRollbackTarget(Target.ToString(), revision);
        return await ClusterObjects.PatchAsync(context.Client, Target, patch, V1Patch.PatchType.JsonPatch, dryRun, ct).ConfigureAwait(false);
    }

    public override string Describe() => $"Rolled back {Target} to its previous revision (rollout undo)";

    private static JsonObject Template(V1ReplicaSet replicaSet)
    {
        var template = ClusterObjects.ToJson(replicaSet.Spec.Template);
        (template["metadata"]?["labels"] as JsonObject)?.Remove("pod-template-hash");
        return template;
    }

    private async Task<(V1ReplicaSet? ReplicaSet, long Revision)> PreviousReplicaSetAsync(OperationContext context, JsonObject live, CancellationToken ct)
    {
        var uid = ClusterObjects.Uid(live);
        var matchLabels = live["spec"]?["selector"]?["matchLabels"] as JsonObject;
        var selector = matchLabels is null ? null : string.Join(',', matchLabels.Select(p => $"{p.Key}={p.Value}"));
        var list = await ClusterObjects.Call(() => context.Client.AppsV1.ListNamespacedReplicaSetAsync(
            Target.Namespace, labelSelector: selector, cancellationToken: ct)).ConfigureAwait(false);
        var owned = list.Items
            .Where(rs => rs.Metadata.OwnerReferences?.Any(o => o.Controller == true && o.Uid == uid) == true)
            .Select(rs => (ReplicaSet: rs, Revision: Revision(rs.Metadata.Annotations)))
            .Where(r => r.Revision > 0)
            .ToList();
        var current = Revision(live["metadata"]?["annotations"]?[RevisionAnnotation]?.GetValue<string>());
        if (current <= 0)
        {
            current = owned.Count == 0 ? 0 : owned.Max(r => r.Revision);
        }

        var previous = owned.Where(r => r.Revision < current).OrderByDescending(r => r.Revision).FirstOrDefault();
        return (previous.ReplicaSet, previous.Revision);
    }

    private static long Revision(IDictionary<string, string>? annotations) =>
        Revision(annotations is not null && annotations.TryGetValue(RevisionAnnotation, out var v) ? v : null);

    private static long Revision(string? value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var r) ? r : 0;
}
