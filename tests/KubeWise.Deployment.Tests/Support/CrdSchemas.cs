using System.Text.Json.Nodes;
using Json.Schema;
using KubeWise.Testing;

namespace KubeWise.Deployment.Tests.Support;

/// <summary>
/// KEDA's own CRDs (a <c>shared/keda-crds</c> folder at or above the repository root, see docs/testing.md) as JSON
/// Schemas, with the API server's rules made explicit so that a schema validator enforces what KEDA's API server would:
/// unknown fields are rejected (structural schemas prune them silently, which hides a typo), <c>nullable</c> and
/// <c>x-kubernetes-int-or-string</c> become types.
/// </summary>
public static class CrdSchemas
{
    private static readonly Lazy<Dictionary<string, JsonSchema>> Schemas = new(Load);

    /// <summary>What a person who cloned the repository needs to do; the schemas are KEDA's, not ours, so they are not committed here.</summary>
    private const string WhereToGetThem =
        "They are KEDA's published CRDs: copy keda.sh_scaledobjects.yaml and keda.sh_triggerauthentications.yaml from "
        + "https://github.com/kedacore/keda/tree/main/config/crd/bases (v2.20.1 or later) into a folder shared/keda-crds "
        + "beside your clone (in its parent folder). See docs/testing.md, \"Inputs from outside the repository\".";

    public static string Folder
    {
        get
        {
            // CI puts shared/ beside the clone; in a worktree it is beside the worktrees.
            for (var dir = new DirectoryInfo(RepositoryPaths.Root); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "keda-crds");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new DirectoryNotFoundException(
                $"KEDA's CRD schemas were not found: no folder shared/keda-crds in {RepositoryPaths.Root} or any folder above it. {WhereToGetThem}");
        }
    }

    /// <summary>The schema of <paramref name="apiVersion"/>/<paramref name="kind"/>, e.g. keda.sh/v1alpha1 ScaledObject.</summary>
    public static JsonSchema For(string apiVersion, string kind) =>
        Schemas.Value.TryGetValue($"{apiVersion}/{kind}", out var schema)
            ? schema
            : throw new KeyNotFoundException($"No CRD in {Folder} defines {apiVersion} {kind}. {WhereToGetThem}");

    /// <summary>Validates <paramref name="instance"/>; the result lists every violation with its location.</summary>
    public static IReadOnlyList<string> Violations(JsonNode instance)
    {
        var apiVersion = instance["apiVersion"]?.GetValue<string>() ?? throw new ArgumentException("No apiVersion.");
        var kind = instance["kind"]?.GetValue<string>() ?? throw new ArgumentException("No kind.");
        var result = For(apiVersion, kind).Evaluate(
            System.Text.Json.JsonDocument.Parse(instance.ToJsonString()).RootElement,
            new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
        {
            return [];
        }

        return (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value} ({e.Key})"))
            .Distinct()
            .ToList();
    }

    private static Dictionary<string, JsonSchema> Load()
    {
        var schemas = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(Folder, "*.yaml"))
        {
            var crd = YamlJson.Parse(File.ReadAllText(file))!;
            var group = crd["spec"]!["group"]!.GetValue<string>();
            var kind = crd["spec"]!["names"]!["kind"]!.GetValue<string>();
            foreach (var version in crd["spec"]!["versions"]!.AsArray())
            {
                var openApi = version!["schema"]!["openAPIV3Schema"]!.DeepClone();
                var schema = ToJsonSchema(openApi);
                schema["$schema"] = "https://json-schema.org/draft/2020-12/schema";
                // A registry per schema: the global one refuses a second build of the same $id.
                schemas[$"{group}/{version["name"]!.GetValue<string>()}/{kind}"] =
                    JsonSchema.FromText(schema.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
            }
        }

        return schemas;
    }

    /// <summary>Rewrites one OpenAPI v3 (Kubernetes structural) schema node into JSON Schema 2020-12.</summary>
    internal static JsonObject ToJsonSchema(JsonNode node)
    {
        var source = node.AsObject();
        var target = new JsonObject();
        foreach (var (key, value) in source)
        {
            switch (key)
            {
                case "properties":
                    target[key] = new JsonObject(value!.AsObject().Select(p => KeyValuePair.Create<string, JsonNode?>(p.Key, ToJsonSchema(p.Value!))));
                    break;
                case "items":
                case "additionalProperties" when value is JsonObject:
                    target[key] = ToJsonSchema(value!);
                    break;
                case "allOf" or "anyOf" or "oneOf":
                    target[key] = new JsonArray(value!.AsArray().Select(v => (JsonNode?)ToJsonSchema(v!)).ToArray());
                    break;
                case "not":
                    target[key] = ToJsonSchema(value!);
                    break;
                case "description" or "nullable" or "format":
                    break;
                default:
                    if (!key.StartsWith("x-kubernetes-", StringComparison.Ordinal))
                    {
                        target[key] = value?.DeepClone();
                    }

                    break;
            }
        }

        if (source["x-kubernetes-int-or-string"]?.GetValue<bool>() == true)
        {
            target.Remove("type");
            target["type"] = new JsonArray("integer", "string");
        }

        if (source["nullable"]?.GetValue<bool>() == true && target["type"] is JsonValue type)
        {
            target["type"] = new JsonArray(type.GetValue<string>(), "null");
        }

        var preservesUnknown = source["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true;
        if (target["properties"] is not null && target["additionalProperties"] is null && !preservesUnknown)
        {
            target["additionalProperties"] = false;
        }

        return target;
    }
}
