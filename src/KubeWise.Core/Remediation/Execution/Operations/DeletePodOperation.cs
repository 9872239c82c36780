using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KubeWise.Core.Remediation.Catalog;

namespace KubeWise.Core.Remediation.Execution.Operations;

/// <summary>
/// <c>kubectl delete pod</c> (its controller starts a new one). The marker goes on the pod first, then the delete is
/// sent with a UID precondition, so a retry can never delete a replacement pod that took the same name:
/// <code>
/// PATCH  /api/v1/namespaces/{ns}/pods/{name}   (merge-patch+json)
/// {"metadata":{"resourceVersion":"…","annotations":{"kubewise.io/applied":"…"}}}
/// DELETE /api/v1/namespaces/{ns}/pods/{name}
/// {"kind":"DeleteOptions","apiVersion":"v1","preconditions":{"uid":"…"},"propagationPolicy":"Background"}
/// </code>
/// Not reversible.
/// </summary>
public sealed class DeletePodOperation(DeletePodCommand command) : RemediationOperation(command)
{
    public override bool RemovesTarget => true;

    /// <summary>The catalog declares no changed field (nothing to restore); execution still requires the pod not to be terminating.</summary>
    public override IReadOnlyList<ObjectField> Touches { get; } = [ObjectField.Parse("metadata.deletionTimestamp")];

    public override Task<JsonObject> WriteAsync(OperationContext context, JsonObject live, bool dryRun, CancellationToken ct)
    {
        var patch = new JsonObject { ["metadata"] = ClusterObjects.MarkedMetadata(live, context.Marker) };
        return ClusterObjects.PatchAsync(context.Client, Target, patch, V1Patch.PatchType.MergePatch, dryRun, ct);
    }

    public override async Task<FollowUpOutcome> CompleteAsync(OperationContext context, JsonObject live, ValidatedState validated, bool dryRun, CancellationToken ct)
    {
        if (live["metadata"]?["deletionTimestamp"] is not null)
        {
            return new FollowUpOutcome(false, false, ["the pod is already terminating"]);
        }

        var options = new V1DeleteOptions
        {
            ApiVersion = "v1",
            Kind = "DeleteOptions",
            Preconditions = new V1Preconditions { Uid = validated.Uid },
            PropagationPolicy = "Background",
        };
        try
        {
            await ClusterObjects.Call(() => context.Client.CoreV1.DeleteNamespacedPodAsync(
                Target.Name, Target.Namespace, options, dryRun: ClusterObjects.DryRun(dryRun), cancellationToken: ct)).ConfigureAwait(false);
        }
        catch (Kubernetes.KubernetesApiException e) when (e.IsNotFound && !dryRun)
        {
            return new FollowUpOutcome(false, false, ["the pod was already gone"]);
        }

        return new FollowUpOutcome(true, false, [$"deleted pod {Target.Namespace}/{Target.Name} (uid {validated.Uid})"]);
    }

    public override string Describe() => $"Deleted {Target}";
}
