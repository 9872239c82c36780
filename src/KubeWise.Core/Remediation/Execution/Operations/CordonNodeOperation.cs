using System.Text.Json.Nodes;
using k8s.Models;
using KubeWise.Core.Remediation.Catalog;

namespace KubeWise.Core.Remediation.Execution.Operations;

/// <summary>
/// <c>kubectl cordon</c> / <c>kubectl uncordon</c>: one strategic-merge patch of <c>spec.unschedulable</c>
/// (uncordon sends null, as kubectl's computed patch does for the omitted false):
/// <code>
/// PATCH /api/v1/nodes/{name}   (strategic-merge-patch+json)
/// {"metadata":{"resourceVersion":"…","annotations":{"kubewise.io/applied":"…"}},"spec":{"unschedulable":true}}
/// </code>
/// Reversible: rollback restores spec.unschedulable.
/// </summary>
public sealed class CordonNodeOperation : RemediationOperation
{
    public CordonNodeOperation(CordonNodeCommand command)
        : base(command)
    {
        Cordon = true;
    }

    public CordonNodeOperation(UncordonNodeCommand command)
        : base(command)
    {
        Cordon = false;
    }

    public bool Cordon { get; }

    public override Task<JsonObject> WriteAsync(OperationContext context, JsonObject live, bool dryRun, CancellationToken ct) =>
        Patch(context, Target, live, Cordon, dryRun, ct);

    internal static Task<JsonObject> Patch(OperationContext context, ObjectReference node, JsonObject live, bool cordon, bool dryRun, CancellationToken ct)
    {
        var patch = new JsonObject
        {
            ["metadata"] = ClusterObjects.MarkedMetadata(live, context.Marker),
            ["spec"] = new JsonObject { ["unschedulable"] = cordon ? true : null },
        };
        return ClusterObjects.PatchAsync(context.Client, node, patch, V1Patch.PatchType.StrategicMergePatch, dryRun, ct);
    }

    public override string Describe() => Cordon ? $"Cordoned {Target}" : $"Uncordoned {Target}";
}
