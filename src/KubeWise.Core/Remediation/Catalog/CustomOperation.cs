using System.Text.RegularExpressions;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeWise.Core.Remediation.Catalog;

/// <summary>
/// A user-defined operation built from <see cref="CustomOperationOptions"/>: its descriptor and the merge-patch template.
/// Reversible: the changed fields are exactly the template's leaves, which a rollback restores.
/// </summary>
public sealed class CustomOperation
{
    private static readonly Dictionary<string, ParameterType> Types = new(StringComparer.Ordinal)
    {
        ["integer"] = ParameterType.Integer,
        ["boolean"] = ParameterType.Boolean,
        ["cpu"] = ParameterType.CpuQuantity,
        ["memory"] = ParameterType.MemoryQuantity,
        ["enum"] = ParameterType.Enum,
        ["label"] = ParameterType.Label,
        ["name"] = ParameterType.ObjectName,
        ["token"] = ParameterType.Token,
    };

    private CustomOperation(OperationDescriptor descriptor, JsonObject template)
    {
        Descriptor = descriptor;
        Template = template;
    }

    public OperationDescriptor Descriptor { get; }

    /// <summary>The merge-patch template with <c>{{param}}</c> placeholders.</summary>
    public JsonObject Template { get; }

    /// <summary>Builds the operation, or lists every reason the configuration is refused.</summary>
    public static CustomOperation? TryCreate(CustomOperationOptions options, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        var prefix = $"custom operation '{options.Name}'";
        if (!Regex.IsMatch(options.Name, "^[a-z][a-z0-9_]{2,62}$", RegexOptions.CultureInvariant))
        {
            problems.Add($"{prefix}: Name must be lowercase snake_case, 3-63 characters");
        }

        if (string.IsNullOrWhiteSpace(options.Description))
        {
            problems.Add($"{prefix}: Description is required (people and the model read it)");
        }
        if (!KubernetesKinds.Patchable.Contains(options.TargetKind, StringComparer.Ordinal))
        {
            problems.Add($"{prefix}: TargetKind must be one of {string.Join(", ", KubernetesKinds.Patchable)}");
        }

        var namespaced = KubernetesKinds.IsNamespaced(options.TargetKind);
        var parameters = new List<ParameterSpec> { CommonParameters.Name(options.TargetKind) };
        if (namespaced)
        {
            parameters.Add(CommonParameters.Namespace(options.TargetKind));
        }

        foreach (var p in options.Parameters)
        {
            if (!Regex.IsMatch(p.Name, "^[a-z][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant))
            {
                problems.Add($"{prefix}: parameter name '{p.Name}' must be lowercase snake_case");
                continue;
            }

            if (p.Name is CommonParameters.NameKey or CommonParameters.NamespaceKey || parameters.Any(x => x.Name == p.Name))
            {
                problems.Add($"{prefix}: parameter '{p.Name}' is reserved or declared twice");
                continue;
            }

            if (!Types.TryGetValue(p.Type, out var type))
            {
                problems.Add($"{prefix}: parameter '{p.Name}' has unknown type '{p.Type}' (use {string.Join(", ", Types.Keys)})");
                continue;
            }

            if (type == ParameterType.Integer && (p.Minimum is null || p.Maximum is null || p.Minimum > p.Maximum))
            {
                problems.Add($"{prefix}: integer parameter '{p.Name}' needs Minimum <= Maximum");
            }

            if (type == ParameterType.Enum && (p.Values.Count == 0 || p.Values.Any(v => new ParameterSpec("v", ParameterType.Token, string.Empty).TryConvert(v, out _, out _) is false)))
            {
                problems.Add($"{prefix}: enum parameter '{p.Name}' needs Values made of plain tokens");
            }

            var description = string.IsNullOrWhiteSpace(p.Description) ? p.Name : p.Description;
            parameters.Add(new ParameterSpec(p.Name, type, description, p.Required, p.Minimum, p.Maximum, type == ParameterType.Enum ? [.. p.Values] : null));
        }

        JsonObject? template = null;
        var changed = new List<string>();
        try
        {
            template = JsonNode.Parse(options.Patch) as JsonObject;
        }
        catch (JsonException ex)
        {
            problems.Add($"{prefix}: Patch is not valid JSON ({ex.Message})");
        }

        if (template is null)
        {
            problems.Add($"{prefix}: Patch must be a JSON object");
        }
        else
        {
            var used = new HashSet<string>(StringComparer.Ordinal);
            CheckTemplate(template, string.Empty, parameters, used, changed, problems, prefix);
            foreach (var unused in parameters.Skip(namespaced ? 2 : 1).Where(p => !used.Contains(p.Name)))
            {
                problems.Add($"{prefix}: parameter '{unused.Name}' is not used in Patch");
            }
        }

        errors = problems;
        if (problems.Count > 0 || template is null)
        {
            return null;
        }

        var example = string.Join(' ', parameters.Where(p => p.Required).Select(p => $"{p.Name}=<{p.Name}>"));
        OperationDescriptor? descriptor = null;
        descriptor = new OperationDescriptor(
            options.Name,
            options.Description,
            options.TargetKind,
            Reversible: true,
            changed,
            parameters,
            $"{options.Name} {example}",
            args => new CustomCommand(descriptor!, template, args));
        return new CustomOperation(descriptor, template);
    }

    private static void CheckTemplate(
        JsonObject node, string path, List<ParameterSpec> parameters, HashSet<string> used, List<string> changed, List<string> problems, string prefix)
    {
        foreach (var (key, value) in node)
        {
            var childPath = FieldPath.Append(path, key);
            if (path.Length == 0 && key is not ("spec" or "metadata"))
            {
                problems.Add($"{prefix}: Patch may only change spec, metadata.labels or metadata.annotations, not '{childPath}'");
                continue;
            }

            if (path == "metadata" && key is not ("labels" or "annotations"))
            {
                problems.Add($"{prefix}: Patch may only change metadata.labels or metadata.annotations, not '{childPath}'");
                continue;
            }

            switch (value)
            {
                case null:
                    problems.Add($"{prefix}: Patch must not delete fields (null at '{childPath}')");
                    break;
                case JsonObject child:
                    CheckTemplate(child, childPath, parameters, used, changed, problems, prefix);
                    break;
                case JsonArray array:
                    if (array.ToJsonString().Contains("{{", StringComparison.Ordinal))
                    {
                        problems.Add($"{prefix}: placeholders inside arrays are not supported ('{childPath}')");
                    }

                    changed.Add(childPath);
                    break;
                case JsonValue leaf:
                    if (leaf.TryGetValue<string>(out var text) && text.Contains("{{", StringComparison.Ordinal))
                    {
                        var name = CustomCommand.PlaceholderName(text);
                        if (name is null || parameters.All(p => p.Name != name))
                        {
                            problems.Add($"{prefix}: '{text}' at '{childPath}' is not a placeholder of a declared parameter (write exactly \"{{{{param}}}}\")");
                        }
                        else
                        {
                            used.Add(name);
                        }
                    }

                    changed.Add(childPath);
                    break;
            }
        }
    }
}
