using System.Text.Json.Nodes;
using k8s.Models;

namespace KubeWise.Core.Remediation.Execution.Operations;

/// <summary>
/// <c>kubectl set resources</c>: one strategic-merge patch of one container's requests/limits in the pod template
/// (containers merge by name, so the other containers and the other resources stay as they are):
/// <code>
/// PATCH /apis/apps/v1/namespaces/{ns}/{deployments|statefulsets|daemonsets}/{name}   (strategic-merge-patch+json)
/// {"metadata":{"resourceVersion":"…","annotations":{"kubewise.io/applied":"…"}},
///  "spec":{"template":{"spec":{"containers":[{"name":"app","resources":{"requests":{"memory":"512Mi"},"limits":{"memory":"1Gi"}}}]}}}}
/// </code>
/// Reversible: rollback restores the container's whole <c>resources</c> as it was.
/// </summary>
public sealed class SetResourcesOperation : RemediationOperation
{
    public SetResourcesOperation(TargetRef target, string container, IReadOnlyDictionary<string, string> requests,
        IReadOnlyDictionary<string, string> limits, string command)
    {
        if (target.Kind is not ("Deployment" or "StatefulSet" or "DaemonSet"))
        {
            throw new ArgumentException($"Resources are set on a Deployment, StatefulSet or DaemonSet, not {target.Kind}.", nameof(target));
        }

        if (requests.Count == 0 && limits.Count == 0)
        {
            throw new ArgumentException("Give at least one request or limit.", nameof(requests));
        }

        foreach (var quantity in requests.Values.Concat(limits.Values))
        {
            // Rejects a malformed quantity before anything is sent.
            _ = new ResourceQuantity(quantity).ToDecimal();
        }

        Target = target;
        Container = container;
        Requests = requests;
        Limits = limits;
        Command = command;
        Touches = [FieldPath.Parse($"spec.template.spec.containers[name={container}].resources")];
    }

    public override string Name => "set_resources";

    public override TargetRef Target { get; }

    public string Container { get; }

    public IReadOnlyDictionary<string, string> Requests { get; }

    public IReadOnlyDictionary<string, string> Limits { get; }

    public override string Command { get; }

    public override bool Reversible => true;

    public override IReadOnlyList<FieldPath> Touches { get; }

    public override Task<string?> PreconditionAsync(OperationContext context, JsonObject live, CancellationToken ct)
    {
        var containers = live["spec"]?["template"]?["spec"]?["containers"] as JsonArray;
        var exists = containers?.Any(c => c?["name"]?.GetValue<string>() == Container) == true;
        return Task.FromResult(exists ? null : $"{Target} has no container named {Container}.");
    }

    public override Task<JsonObject> WriteAsync(OperationContext context, JsonObject live, bool dryRun, CancellationToken ct)
    {
        var resources = new JsonObject();
        if (Requests.Count > 0)
        {
            resources["requests"] = new JsonObject(Requests.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));
        }

        if (Limits.Count > 0)
        {
            resources["limits"] = new JsonObject(Limits.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));
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
                        ["containers"] = new JsonArray(new JsonObject { ["name"] = Container, ["resources"] = resources }),
                    },
                },
            },
        };
        return ClusterObjects.PatchAsync(context.Client, Target, patch, V1Patch.PatchType.StrategicMergePatch, dryRun, ct);
    }

    public override string Describe()
    {
        var parts = Requests.Select(p => $"requests.{p.Key}={p.Value}").Concat(Limits.Select(p => $"limits.{p.Key}={p.Value}"));
        return $"Set resources of container {Container} in {Target}: {string.Join(", ", parts)}";
    }
}
