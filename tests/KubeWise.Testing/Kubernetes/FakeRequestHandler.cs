using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeWise.Testing.Kubernetes;

/// <summary>Turns one routed request into the state change and the response body the real API server would give.</summary>
internal sealed class FakeRequestHandler(FakeClusterState state, FakeRoute route, string? contentType, string body)
{
    public (int Code, JsonObject Body) Handle()
    {
        return (route.Verb, route.Subresource) switch
        {
            ("watch", _) => throw new FakeApiException(405, "MethodNotAllowed", "the fake API server does not serve watches"),
            ("list", null) => (200, List()),
            ("get", null) => (200, state.Get(route.Type, route.Namespace, route.Name!)),
            ("create", null) => (201, state.Create(route.Type, route.Namespace, ParseObject(), route.DryRun)),
            ("update", null) => (200, state.Update(route.Type, route.Namespace, route.Name!, _ => NamedBody(), route.DryRun)),
            ("patch", null) => (200, state.Update(route.Type, route.Namespace, route.Name!, Patch, route.DryRun)),
            ("delete", null) => (200, Delete()),
            ("get", "status") when route.Type.HasStatus => (200, state.Get(route.Type, route.Namespace, route.Name!)),
            ("update", "status") when route.Type.HasStatus => (200, state.UpdateStatus(route.Type, route.Namespace, route.Name!, _ => NamedBody(), route.DryRun)),
            ("patch", "status") when route.Type.HasStatus => (200, state.UpdateStatus(route.Type, route.Namespace, route.Name!, Patch, route.DryRun)),
            ("get", "scale") when route.Type.HasScale => (200, ToScale(state.Get(route.Type, route.Namespace, route.Name!))),
            ("update", "scale") when route.Type.HasScale => (200, WriteScale(_ => ParseObject())),
            ("patch", "scale") when route.Type.HasScale => (200, WriteScale(Patch)),
            ("create", "eviction") when route.Type.Kind == "Pod" => (201, Evict()),
            _ => throw new FakeApiException(404, "NotFound",
                $"the server could not find the requested resource ({route.Verb} {route.Resource}/{route.Subresource})"),
        };
    }

    private JsonObject ParseObject()
    {
        try
        {
            return JsonNode.Parse(body) as JsonObject ?? throw FakeApiException.BadRequest("the body of the request was not a JSON object");
        }
        catch (JsonException e)
        {
            throw FakeApiException.BadRequest($"the body of the request was in an unknown format: {e.Message}");
        }
    }

    private JsonObject NamedBody()
    {
        var item = ParseObject();
        var name = item["metadata"]?["name"]?.GetValue<string>();
        if (name != route.Name)
        {
            throw FakeApiException.BadRequest("the name of the object does not match the name on the URL");
        }

        return item;
    }

    private JsonObject Patch(JsonObject current)
    {
        var media = contentType?.Split(';')[0].Trim();
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            throw FakeApiException.BadRequest($"the body of the request was in an unknown format: {e.Message}");
        }

        var name = route.Name ?? "";
        var result = media switch
        {
            "application/merge-patch+json" => JsonPatching.MergePatch(current, parsed),
            "application/strategic-merge-patch+json" => JsonPatching.StrategicMergePatch(current, parsed),
            "application/json-patch+json" when parsed is JsonArray operations =>
                JsonPatching.ApplyJsonPatch(current, operations, why => FakeApiException.Invalid(route.Type.Kind, name, "patch", why)),
            "application/json-patch+json" => throw FakeApiException.BadRequest("a JSON patch must be an array of operations"),
            _ => throw new FakeApiException(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json (got {media})"),
        };
        return result as JsonObject ?? throw FakeApiException.BadRequest("the patch did not produce an object");
    }

    private JsonObject List()
    {
        var items = state.List(route.Type, route.Namespace,
            o => Selectors.MatchesLabelQuery(o, route.LabelSelector) && Selectors.MatchesFieldQuery(o, route.FieldSelector));
        return new JsonObject
        {
            ["apiVersion"] = route.Type.ApiVersion,
            ["kind"] = route.Type.Kind + "List",
            ["metadata"] = new JsonObject { ["resourceVersion"] = state.CurrentResourceVersion },
            ["items"] = new JsonArray(items.ToArray<JsonNode?>()),
        };
    }

    private JsonObject Delete()
    {
        var options = body.Length == 0 ? null : ParseObject();
        return state.Delete(route.Type, route.Namespace, route.Name!,
            options?["preconditions"]?["uid"]?.GetValue<string>(),
            options?["preconditions"]?["resourceVersion"]?.GetValue<string>(), route.DryRun);
    }

    private static JsonObject ToScale(JsonObject item)
    {
        var selector = item["spec"]?["selector"]?["matchLabels"] as JsonObject;
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = item["metadata"]!["name"]!.DeepClone(),
                ["namespace"] = item["metadata"]!["namespace"]?.DeepClone(),
                ["uid"] = item["metadata"]!["uid"]!.DeepClone(),
                ["resourceVersion"] = item["metadata"]!["resourceVersion"]!.DeepClone(),
                ["creationTimestamp"] = item["metadata"]!["creationTimestamp"]?.DeepClone(),
            },
            ["spec"] = new JsonObject { ["replicas"] = item["spec"]?["replicas"]?.DeepClone() ?? 1 },
            ["status"] = new JsonObject
            {
                ["replicas"] = item["status"]?["replicas"]?.DeepClone() ?? 0,
                ["selector"] = selector is null ? null : string.Join(',', selector.Select(p => $"{p.Key}={p.Value}")),
            },
        };
    }

    private JsonObject WriteScale(Func<JsonObject, JsonObject> newScale)
    {
        var updated = state.Update(route.Type, route.Namespace, route.Name!, current =>
        {
            var scale = newScale(ToScale(current));
            var replicas = scale["spec"]?["replicas"].AsLong() ?? 0;
            if (replicas < 0)
            {
                throw FakeApiException.Invalid("Scale", route.Name!, "spec.replicas",
                    $"Invalid value: {replicas.ToString(CultureInfo.InvariantCulture)}: must be greater than or equal to 0");
            }

            current["spec"]!["replicas"] = replicas;
            // The scale's resourceVersion is the parent's: a stale one is the same 409 as on the parent.
            current["metadata"]!["resourceVersion"] = scale["metadata"]?["resourceVersion"]?.DeepClone() ?? current["metadata"]!["resourceVersion"]!.DeepClone();
            return current;
        }, route.DryRun);
        return ToScale(updated);
    }

    /// <summary>policy/v1 Eviction: refused with 429 while a PodDisruptionBudget has no disruption left, as the API server does.</summary>
    private JsonObject Evict()
    {
        var eviction = ParseObject();
        var pdbType = FakeResourceType.Find("policy", "v1", "poddisruptionbudgets")!;
        var ns = route.Namespace;
        var name = route.Name!;
        return state.Atomically(() =>
        {
            var pod = state.Get(route.Type, ns, name);
            var phase = pod["status"]?["phase"]?.GetValue<string>();
            // Terminal pods never count against a budget.
            if (phase is not ("Succeeded" or "Failed"))
            {
                var budgets = state.List(pdbType, ns, pdb => Selectors.MatchesLabelSelector(pod, pdb["spec"]?["selector"] as JsonObject));
                if (budgets.Count > 1)
                {
                    throw new FakeApiException(500, "InternalError", "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
                }

                if (budgets.Count == 1)
                {
                    var pdb = budgets[0];
                    var allowed = pdb["status"]?["disruptionsAllowed"].AsLong() ?? 0;
                    if (allowed <= 0)
                    {
                        var pdbName = pdb["metadata"]!["name"]!.GetValue<string>();
                        throw new FakeApiException(429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget.",
                            details: new JsonObject
                            {
                                ["causes"] = new JsonArray(new JsonObject
                                {
                                    ["reason"] = "DisruptionBudget",
                                    ["message"] = $"The disruption budget {pdbName} needs {pdb["status"]?["desiredHealthy"] ?? 0} healthy pods and has {pdb["status"]?["currentHealthy"] ?? 0} currently",
                                }),
                            });
                    }

                    if (!route.DryRun)
                    {
                        state.UpdateStatus(pdbType, ns, pdb["metadata"]!["name"]!.GetValue<string>(), p =>
                        {
                            p["status"]!["disruptionsAllowed"] = allowed - 1;
                            return p;
                        }, dryRun: false);
                    }
                }
            }

            state.Delete(route.Type, ns, name,
                eviction["deleteOptions"]?["preconditions"]?["uid"]?.GetValue<string>(),
                eviction["deleteOptions"]?["preconditions"]?["resourceVersion"]?.GetValue<string>(), route.DryRun);
            return new JsonObject
            {
                ["kind"] = "Status",
                ["apiVersion"] = "v1",
                ["metadata"] = new JsonObject(),
                ["status"] = "Success",
                ["code"] = 201,
            };
        });
    }
}
