using System.Text.Json.Nodes;
using k8s.Models;
using KubeWise.Core.Remediation.Catalog;

namespace KubeWise.Core.Remediation.Execution.Operations;

/// <summary>
/// A user-defined operation from configuration: its rendered merge-patch template, with the marker and the
/// resourceVersion precondition added to the metadata. Only spec, labels and annotations can be in the template
/// (the catalog checks it), and only the kinds the catalog allows.
/// <code>
/// PATCH /apis/apps/v1/namespaces/{ns}/{kind}/{name}  or  /api/v1/nodes/{name}   (merge-patch+json)
/// {"metadata":{"resourceVersion":"…","annotations":{"kubewise.io/applied":"…", …template…}}, …template…}
/// </code>
/// Reversible: rollback restores the template's leaves.
/// </summary>
public sealed class CustomPatchOperation(CustomCommand command) : RemediationOperation(command)
{
    private readonly CustomCommand _command = command;

    public override Task<JsonObject> WriteAsync(OperationContext context, JsonObject live, bool dryRun, CancellationToken ct)
    {
        var patch = _command.RenderPatch();
        var metadata = patch["metadata"] as JsonObject ?? new JsonObject();
        var annotations = metadata["annotations"] as JsonObject ?? new JsonObject();
        annotations[KubeWiseAnnotations.Applied] = context.Marker;
        metadata["annotations"] = annotations;
        metadata["resourceVersion"] = ClusterObjects.ResourceVersion(live);
        patch["metadata"] = metadata;
        return ClusterObjects.PatchAsync(context.Client, Target, patch, V1Patch.PatchType.MergePatch, dryRun, ct);
    }

    public override string Describe() => $"Applied {Name} ({_command.Operation.Summary}) to {Target}";
}
