using System.Text.Json.Nodes;
using k8s.Models;
using KubeWise.Core.Remediation.Catalog;

namespace KubeWise.Core.Remediation.Execution.Operations;

/// <summary>
/// <c>kubectl set resources</c>: one strategic-merge patch of one container's requests/limits in the pod template
/// (containers merge by name, so the other containers and the other quantities stay as they are):
/// <code>
/// PATCH /apis/apps/v1/namespaces/{ns}/{deployments|statefulsets|daemonsets}/{name}   (strategic-merge-patch+json)
/// {"metadata":{"resourceVersion":"…","annotations":{"kubewise.io/applied":"…"}},
///  "spec":{"template":{"spec":{"containers":[{"name":"app","resources":{"requests":{"memory":"512Mi"},"limits":{"memory":"1Gi"}}}]}}}}
/// </code>
/// Reversible: rollback restores exactly the quantities it wrote (removing those that were not set before).
/// </summary>
public sealed class SetResourcesOperation(SetResourcesCommand command) : RemediationOperation(command)
{
    private readonly SetResourcesCommand _command = command;

    public override Task<string?> PreconditionAsync(OperationContext context, JsonObject live, CancellationToken ct)
    {
        var containers = live["spec"]?["template"]?["spec"]?["containers"] as JsonArray;
        var exists = containers?.Any(c => c?["name"]?.GetValue<string>() == _command.Container) == true;
        return Task.FromResult(exists ? null : $"{Target} has no container named {_command.Container}.");
    }

    public override Task<JsonObject> WriteAsync(OperationContext context, JsonObject live, bool dryRun, CancellationToken ct)
    {
        var resources = new JsonObject();
        foreach (var (field, quantity) in _command.Quantities())
        {
            var (section, resource) = (field[..field.IndexOf('.', StringComparison.Ordinal)], field[(field.IndexOf('.', StringComparison.Ordinal) + 1)..]);
            var map = resources[section] as JsonObject ?? new JsonObject();
            map[resource] = quantity.Text;
            resources[section] = map;
        }

        var patch = new JsonObject
        {
            ["metadata"] = ClusterObjects.MarkedMetadata(live, context.Marker),
            ["spec"] = new JsonObject
            {
                ["template"] = new JsonObject
                {
                    ["spec"] = new JsonObject
                    {
                        ["containers"] = new JsonArray(new JsonObject { ["name"] = _command.Container, ["resources"] = resources }),
                    },
                },
            },
        };
        return ClusterObjects.PatchAsync(context.Client, Target, patch, V1Patch.PatchType.StrategicMergePatch, dryRun, ct);
    }

    public override string Describe() =>
        $"Set {string.Join(", ", _command.Quantities().Select(q => $"{q.Field}={q.Value}"))} of container {_command.Container} in {Target}";
}
