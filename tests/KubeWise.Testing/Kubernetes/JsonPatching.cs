using System.Text.Json.Nodes;

namespace KubeWise.Testing.Kubernetes;

/// <summary>
/// The three patch types of the Kubernetes API, applied to JSON the way the API server applies them:
/// RFC 7386 merge patch, RFC 6902 JSON patch, and strategic merge patch (maps merge, <c>null</c> deletes,
/// lists declared with <c>patchStrategy: merge</c> in the Kubernetes API merge by their key, other lists are replaced).
/// </summary>
internal static class JsonPatching
{
    // patchMergeKey of the lists in the core/apps/policy types whose patchStrategy is "merge". Lists not named
    // here (command, args, tolerations, ...) are atomic in the real API too.
    private static readonly Dictionary<string, string> MergeKeys = new(StringComparer.Ordinal)
    {
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["ephemeralContainers"] = "name",
        ["volumes"] = "name",
        ["env"] = "name",
        ["volumeMounts"] = "mountPath",
        ["ports"] = "containerPort",
        ["imagePullSecrets"] = "name",
        ["ownerReferences"] = "uid",
        ["conditions"] = "type",
        ["taints"] = "key",
        ["hostAliases"] = "ip",
    };

    public static JsonNode? MergePatch(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject t ? t.DeepClone().AsObject() : new JsonObject();
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                result[key] = MergePatch(result[key], value);
            }
        }

        return result;
    }

    public static JsonNode? StrategicMergePatch(JsonNode? target, JsonNode? patch, string? fieldName = null)
    {
        switch (patch)
        {
            case JsonObject patchObject:
                if (patchObject["$patch"]?.GetValue<string>() == "replace")
                {
                    var replaced = patchObject.DeepClone().AsObject();
                    replaced.Remove("$patch");
                    return replaced;
                }

                var result = target is JsonObject t ? t.DeepClone().AsObject() : new JsonObject();
                foreach (var (key, value) in patchObject)
                {
                    if (key.StartsWith('$'))
                    {
                        // $setElementOrder/$retainKeys only order or prune; the fake keeps list order as merged.
                        continue;
                    }

                    if (value is null)
                    {
                        result.Remove(key);
                    }
                    else
                    {
                        result[key] = StrategicMergePatch(result[key], value, key);
                    }
                }

                return result;
            case JsonArray patchArray when fieldName is not null && MergeKeys.TryGetValue(fieldName, out var mergeKey)
                                           && target is JsonArray targetArray:
                return MergeList(targetArray, patchArray, mergeKey);
            default:
                return patch?.DeepClone();
        }
    }

    private static JsonArray MergeList(JsonArray target, JsonArray patch, string mergeKey)
    {
        var result = target.DeepClone().AsArray();
        foreach (var item in patch)
        {
            if (item is not JsonObject patchItem || patchItem[mergeKey] is not JsonNode keyNode)
            {
                result.Add(item?.DeepClone());
                continue;
            }

            var existing = result.OfType<JsonObject>().FirstOrDefault(e => JsonNode.DeepEquals(e[mergeKey], keyNode));
            var directive = patchItem["$patch"]?.GetValue<string>();
            if (directive == "delete")
            {
                if (existing is not null)
                {
                    result.Remove(existing);
                }

                continue;
            }

            if (existing is null)
            {
                result.Add(patchItem.DeepClone());
            }
            else
            {
                var index = result.IndexOf(existing);
                result[index] = StrategicMergePatch(existing, patchItem);
            }
        }

        return result;
    }

    /// <summary>RFC 6902. A failed <c>test</c> or a missing path is the API server's 422.</summary>
    public static JsonNode ApplyJsonPatch(JsonNode target, JsonArray operations, Func<string, Exception> invalid)
    {
        var document = target.DeepClone();
        foreach (var operation in operations.OfType<JsonObject>())
        {
            var op = operation["op"]?.GetValue<string>() ?? throw invalid("missing op");
            var path = operation["path"]?.GetValue<string>() ?? throw invalid("missing path");
            switch (op)
            {
                case "add":
                    Add(ref document, path, operation["value"]?.DeepClone(), invalid);
                    break;
                case "remove":
                    Remove(document, path, invalid);
                    break;
                case "replace":
                    Remove(document, path, invalid);
                    Add(ref document, path, operation["value"]?.DeepClone(), invalid);
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Resolve(document, path, invalid), operation["value"]))
                    {
                        throw invalid($"testing value {path} failed");
                    }

                    break;
                case "copy":
                case "move":
                    var from = operation["from"]?.GetValue<string>() ?? throw invalid("missing from");
                    var value = Resolve(document, from, invalid)?.DeepClone();
                    if (op == "move")
                    {
                        Remove(document, from, invalid);
                    }

                    Add(ref document, path, value, invalid);
                    break;
                default:
                    throw invalid($"unknown JSON patch operation {op}");
            }
        }

        return document;
    }

    private static string[] Split(string path) =>
        path.Length == 0 ? [] : path[1..].Split('/').Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();

    private static JsonNode? Resolve(JsonNode? node, string path, Func<string, Exception> invalid)
    {
        foreach (var token in Split(path))
        {
            node = node switch
            {
                JsonObject o when o.ContainsKey(token) => o[token],
                JsonArray a when int.TryParse(token, out var i) && i >= 0 && i < a.Count => a[i],
                _ => throw invalid($"path {path} does not exist"),
            };
        }

        return node;
    }

    private static void Add(ref JsonNode document, string path, JsonNode? value, Func<string, Exception> invalid)
    {
        var tokens = Split(path);
        if (tokens.Length == 0)
        {
            document = value ?? throw invalid("cannot replace the whole document with null");
            return;
        }

        var parent = Resolve(document, "/" + string.Join('/', tokens[..^1].Select(t => t.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal))), invalid);
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a when last == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i <= a.Count:
                a.Insert(i, value);
                break;
            default:
                throw invalid($"path {path} does not exist");
        }
    }

    private static void Remove(JsonNode document, string path, Func<string, Exception> invalid)
    {
        var tokens = Split(path);
        var parent = tokens.Length <= 1 ? document : Resolve(document, "/" + string.Join('/', tokens[..^1].Select(t => t.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal))), invalid);
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject o when o.ContainsKey(last):
                o.Remove(last);
                break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i < a.Count:
                a.RemoveAt(i);
                break;
            default:
                throw invalid($"path {path} does not exist");
        }
    }
}
