using System.Globalization;
using System.Text.Json.Nodes;
using k8s.Models;
using KubeWise.Core.Remediation.Catalog;

namespace KubeWise.Core.Remediation.Execution.Operations;

/// <summary>
/// <c>kubectl rollout restart</c>: one strategic-merge patch setting the pod template annotation
/// <c>kubectl.kubernetes.io/restartedAt</c> to the current time (RFC 3339), so the controller rolls every pod.
/// The same patch carries the marker and the resourceVersion precondition. Not reversible: pods already restarted stay restarted.
/// <code>
/// PATCH /apis/apps/v1/namespaces/{ns}/{deployments|statefulsets|daemonsets}/{name}   (strategic-merge-patch+json)
/// {"metadata":{"resourceVersion":"…","annotations":{"kubewise.io/applied":"…"}},
///  "spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"2026-01-02T03:04:05Z"}}}}}
/// </code>
/// </summary>
public sealed class RestartWorkloadOperation : RemediationOperation
{
    public RestartWorkloadOperation(RestartDeploymentCommand command)
        : base(command)
    {
    }

    public RestartWorkloadOperation(RestartStatefulSetCommand command)
        : base(command)
    {
    }

    public RestartWorkloadOperation(RestartDaemonSetCommand command)
        : base(command)
    {
    }

    public override Task<JsonObject> WriteAsync(OperationContext context, JsonObject live, bool dryRun, CancellationToken ct)
    {
        // kubectl formats time.Now() as RFC 3339 with second precision in UTC.
        var now = context.Time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var patch = new JsonObject
        {
            ["metadata"] = ClusterObjects.MarkedMetadata(live, context.Marker),
            ["spec"] = new JsonObject
            {
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [KubeWiseAnnotations.RestartedAt] = now } },
                },
            },
        };
        return ClusterObjects.PatchAsync(context.Client, Target, patch, V1Patch.PatchType.StrategicMergePatch, dryRun, ct);
    }

    public override string Describe() => $"Restarted {Target} (rollout restart)";
}
