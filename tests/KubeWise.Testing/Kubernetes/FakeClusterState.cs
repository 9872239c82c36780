using System.Globalization;
using System.Text.Json.Nodes;
using k8s.Models;

namespace KubeWise.Testing.Kubernetes;

/// <summary>
/// The objects the fake API server holds, with the API server's write rules: a uid fixed at creation,
/// resourceVersion bumped on every write (status writes too), metadata.generation bumped on spec changes only,
/// status kept by main-resource writes and changed only through <c>/status</c>, and a stale resourceVersion answered 409.
/// </summary>
internal sealed class FakeClusterState(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Group, string Resource, string Namespace, string Name), JsonObject> _objects = [];
    private long _resourceVersion = 1000;

    public JsonObject Get(FakeResourceType type, string? ns, string name)
    {
        lock (_gate)
        {
            return (_objects.TryGetValue(Key(type, ns, name), out var item) ? item : throw FakeApiException.NotFound(type.Group, type.Resource, name))
                .DeepClone().AsObject();
        }
    }

    public List<JsonObject> List(FakeResourceType type, string? ns, Func<JsonObject, bool> filter)
    {
        lock (_gate)
        {
            return _objects
                .Where(p => p.Key.Group == type.Group && p.Key.Resource == type.Resource && (ns is null || p.Key.Namespace == ns))
                .OrderBy(p => p.Key.Namespace, StringComparer.Ordinal).ThenBy(p => p.Key.Name, StringComparer.Ordinal)
                .Select(p => p.Value)
                .Where(filter)
                .Select(o => o.DeepClone().AsObject())
                .ToList();
        }
    }

    public string CurrentResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return _resourceVersion.ToString(CultureInfo.InvariantCulture);
            }
        }
    }

    public JsonObject Create(FakeResourceType type, string? ns, JsonObject body, bool dryRun)
    {
        lock (_gate)
        {
            var item = body.DeepClone().AsObject();
            var metadata = item["metadata"] as JsonObject ?? new JsonObject();
            item["metadata"] = metadata;
            if (metadata["name"] is null && metadata["generateName"]?.GetValue<string>() is string prefix)
            {
                metadata["name"] = prefix + Guid.NewGuid().ToString("N")[..5];
            }

            var name = metadata["name"]?.GetValue<string>();
            if (string.IsNullOrEmpty(name))
            {
                throw FakeApiException.Invalid(type.Kind, "", "metadata.name", "Required value: name or generateName is required");
            }

            if (type.Namespaced)
            {
                var bodyNs = metadata["namespace"]?.GetValue<string>();
                if (bodyNs is not null && bodyNs != ns)
                {
                    throw FakeApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
                }

                metadata["namespace"] = ns;
            }

            if (_objects.ContainsKey(Key(type, ns, name)))
            {
                throw FakeApiException.AlreadyExists(type.Group, type.Resource, name);
            }

            item["apiVersion"] = type.ApiVersion;
            item["kind"] = type.Kind;
            metadata["uid"] ??= Guid.NewGuid().ToString();
            metadata["creationTimestamp"] ??= time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            if (item["spec"] is not null)
            {
                metadata["generation"] ??= 1;
            }

            FakeValidation.Validate(type, item, previous: null);
            if (dryRun)
            {
                return item;
            }

            metadata["resourceVersion"] = NextResourceVersion();
            _objects[Key(type, ns, name)] = item;
            return item.DeepClone().AsObject();
        }
    }

    /// <summary>A main-resource write: <paramref name="mutate"/> turns the current object into the new one.</summary>
    public JsonObject Update(FakeResourceType type, string? ns, string name, Func<JsonObject, JsonObject> mutate, bool dryRun)
    {
        lock (_gate)
        {
            var current = Current(type, ns, name);
            var updated = mutate(current.DeepClone().AsObject());
            CheckPreconditions(type, name, current, updated);
            var metadata = updated["metadata"]!.AsObject();
            metadata["uid"] = current["metadata"]!["uid"]!.DeepClone();
            metadata["creationTimestamp"] = current["metadata"]!["creationTimestamp"]?.DeepClone();
            metadata["name"] = name;
            if (type.Namespaced)
            {
                metadata["namespace"] = ns;
            }

            updated["apiVersion"] = type.ApiVersion;
            updated["kind"] = type.Kind;
            if (type.HasStatus)
            {
                updated["status"] = current["status"]?.DeepClone();
            }

            var generation = current["metadata"]!["generation"].AsLong() ?? 1;
            metadata["generation"] = JsonNode.DeepEquals(current["spec"], updated["spec"]) ? generation : generation + 1;
            if (current["spec"] is null && updated["spec"] is null)
            {
                metadata.Remove("generation");
            }

            FakeValidation.Validate(type, updated, current);
            return Commit(type, ns, name, updated, dryRun);
        }
    }

    /// <summary>A <c>/status</c> write: only the status changes (and the resourceVersion).</summary>
    public JsonObject UpdateStatus(FakeResourceType type, string? ns, string name, Func<JsonObject, JsonObject> mutate, bool dryRun)
    {
        lock (_gate)
        {
            var current = Current(type, ns, name);
            var updated = mutate(current.DeepClone().AsObject());
            CheckPreconditions(type, name, current, updated);
            var result = current.DeepClone().AsObject();
            result["status"] = updated["status"]?.DeepClone();
            return Commit(type, ns, name, result, dryRun);
        }
    }

    public JsonObject Delete(FakeResourceType type, string? ns, string name, string? uid, string? resourceVersion, bool dryRun)
    {
        lock (_gate)
        {
            var current = Current(type, ns, name);
            if (uid is not null && current["metadata"]!["uid"]!.GetValue<string>() != uid)
            {
                throw FakeApiException.Conflict(type.Group, type.Resource, name,
                    $"Precondition failed: UID in precondition: {uid}, UID in object meta: {current["metadata"]!["uid"]}");
            }

            if (resourceVersion is not null && current["metadata"]!["resourceVersion"]!.GetValue<string>() != resourceVersion)
            {
                throw FakeApiException.Conflict(type.Group, type.Resource, name,
                    $"Precondition failed: ResourceVersion in precondition: {resourceVersion}, ResourceVersion in object meta: {current["metadata"]!["resourceVersion"]}");
            }

            if (dryRun)
            {
                return current.DeepClone().AsObject();
            }

            if (type.Kind == "Pod" && GracefulPodDeletion)
            {
                // As with a kubelet: the pod stays, terminating, until its containers stop; a second delete changes nothing.
                if (current["metadata"]!["deletionTimestamp"] is null)
                {
                    current["metadata"]!["deletionTimestamp"] = time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
                    current["metadata"]!["deletionGracePeriodSeconds"] = 30;
                    current["metadata"]!["resourceVersion"] = NextResourceVersion();
                }

                return current.DeepClone().AsObject();
            }

            _objects.Remove(Key(type, ns, name));
            return current.DeepClone().AsObject();
        }
    }

    /// <summary>When set, deleted and evicted pods stay terminating until <see cref="FinishTerminating"/>, as on a real node.</summary>
    public bool GracefulPodDeletion { get; set; }

    /// <summary>Removes every terminating pod (their kubelets confirmed the containers stopped). Returns how many.</summary>
    public int FinishTerminating()
    {
        lock (_gate)
        {
            var terminating = _objects.Where(p => p.Key.Resource == "pods" && p.Key.Group.Length == 0 && p.Value["metadata"]?["deletionTimestamp"] is not null)
                .Select(p => p.Key).ToList();
            terminating.ForEach(k => _objects.Remove(k));
            return terminating.Count;
        }
    }

    /// <summary>Runs <paramref name="action"/> under the state's lock, for multi-object rules such as evictions against PDBs.</summary>
    public T Atomically<T>(Func<T> action)
    {
        lock (_gate)
        {
            return action();
        }
    }

    private JsonObject Current(FakeResourceType type, string? ns, string name) =>
        _objects.TryGetValue(Key(type, ns, name), out var current) ? current : throw FakeApiException.NotFound(type.Group, type.Resource, name);

    private static void CheckPreconditions(FakeResourceType type, string name, JsonObject current, JsonObject updated)
    {
        var sent = updated["metadata"]?["resourceVersion"]?.GetValue<string>();
        var live = current["metadata"]!["resourceVersion"]!.GetValue<string>();
        if (!string.IsNullOrEmpty(sent) && sent != live)
        {
            throw FakeApiException.Conflict(type.Group, type.Resource, name,
                "the object has been modified; please apply your changes to the latest version and try again");
        }

        var sentUid = updated["metadata"]?["uid"]?.GetValue<string>();
        if (!string.IsNullOrEmpty(sentUid) && sentUid != current["metadata"]!["uid"]!.GetValue<string>())
        {
            throw FakeApiException.Conflict(type.Group, type.Resource, name,
                $"Precondition failed: UID in precondition: {sentUid}, UID in object meta: {current["metadata"]!["uid"]}");
        }
    }

    private JsonObject Commit(FakeResourceType type, string? ns, string name, JsonObject updated, bool dryRun)
    {
        if (dryRun)
        {
            return updated;
        }

        updated["metadata"]!["resourceVersion"] = NextResourceVersion();
        _objects[Key(type, ns, name)] = updated;
        return updated.DeepClone().AsObject();
    }

    private string NextResourceVersion() => (++_resourceVersion).ToString(CultureInfo.InvariantCulture);

    private static (string, string, string, string) Key(FakeResourceType type, string? ns, string name) =>
        (type.Group, type.Resource, ns ?? "", name);
}

/// <summary>The few validations of the real API server that the executor's requests can trip (422).</summary>
internal static class FakeValidation
{
    public static void Validate(FakeResourceType type, JsonObject item, JsonObject? previous)
    {
        var name = item["metadata"]?["name"]?.GetValue<string>() ?? "";
        if (item["spec"]?["replicas"] is JsonValue replicas && replicas.AsLong() < 0)
        {
            throw FakeApiException.Invalid(type.Kind, name, "spec.replicas", $"Invalid value: {replicas}: must be greater than or equal to 0");
        }

        if (previous is not null && type.Group == "apps" && previous["spec"]?["selector"] is JsonNode oldSelector
            && !JsonNode.DeepEquals(oldSelector, item["spec"]?["selector"]))
        {
            throw FakeApiException.Invalid(type.Kind, name, "spec.selector", "field is immutable");
        }

        var podSpec = type.Kind == "Pod" ? item["spec"] : item["spec"]?["template"]?["spec"];
        var prefix = type.Kind == "Pod" ? "spec" : "spec.template.spec";
        foreach (var container in (podSpec?["containers"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            var requests = container["resources"]?["requests"] as JsonObject;
            var limits = container["resources"]?["limits"] as JsonObject;
            foreach (var (resource, limit) in limits ?? [])
            {
                if (requests?[resource] is JsonValue request && limit is JsonValue
                    && (decimal)new ResourceQuantity(request.GetValue<string>()) > (decimal)new ResourceQuantity(limit.GetValue<string>()))
                {
                    throw FakeApiException.Invalid(type.Kind, name,
                        $"{prefix}.containers[{container["name"]}].resources.requests",
                        $"Invalid value: \"{request}\": must be less than or equal to {resource} limit of {limit}");
                }
            }
        }
    }
}
