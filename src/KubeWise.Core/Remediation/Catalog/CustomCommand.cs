using System.Text.Json.Nodes;

namespace KubeWise.Core.Remediation.Catalog;

/// <summary>A command of a user-defined operation: the target plus typed values for the template's placeholders.</summary>
public sealed record CustomCommand : RemediationCommand
{
    private readonly JsonObject template;

    internal CustomCommand(OperationDescriptor descriptor, JsonObject template, ArgumentValues values)
    {
        Operation = descriptor;
        this.template = template;
        Values = values;
        Name = values.String(CommonParameters.NameKey);
        Namespace = values.OptionalString(CommonParameters.NamespaceKey);
    }

    public override OperationDescriptor Operation { get; }

    public string Name { get; }

    public string? Namespace { get; }

    public ArgumentValues Values { get; }

    public override ObjectReference Target => new(Operation.TargetKind, Namespace, Name);

    public override IEnumerable<KeyValuePair<string, object>> Arguments =>
        Operation.Parameters.Where(p => Values.Has(p.Name)).Select(p => Arg(p.Name, Values.All[p.Name]));

    /// <summary>The template's leaves this command writes (optional placeholders left out are not written).</summary>
    public override IReadOnlyList<string> ChangedFields => [.. LeafPaths(RenderPatch(), string.Empty)];

    /// <summary>The merge patch to send: the template with every placeholder replaced by its typed value.</summary>
    public JsonObject RenderPatch() => (JsonObject)Render(template)!;

    public bool Equals(CustomCommand? other) =>
        other is not null && ReferenceEquals(Operation, other.Operation) && string.Equals(ToString(), other.ToString(), StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    private static IEnumerable<string> LeafPaths(JsonObject node, string path)
    {
        foreach (var (key, value) in node)
        {
            var childPath = FieldPath.Append(path, key);
            if (value is JsonObject child)
            {
                foreach (var leaf in LeafPaths(child, childPath))
                {
                    yield return leaf;
                }
            }
            else
            {
                yield return childPath;
            }
        }
    }

    internal static string? PlaceholderName(string text) =>
        text.Length > 4 && text.StartsWith("{{", StringComparison.Ordinal) && text.EndsWith("}}", StringComparison.Ordinal)
            ? text[2..^2].Trim()
            : null;

    private JsonNode? Render(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    // An optional parameter that was not given leaves its field out: a null would delete it (merge patch).
                    if (value is JsonValue v && v.TryGetValue<string>(out var t) && PlaceholderName(t) is { } n && !Values.Has(n))
                    {
                        continue;
                    }

                    copy[key] = Render(value);
                }

                return copy;
            case JsonValue leaf when leaf.TryGetValue<string>(out var text) && PlaceholderName(text) is { } name:
                return Values.All[name] switch
                {
                    long l => JsonValue.Create(l),
                    bool b => JsonValue.Create(b),
                    var value => JsonValue.Create(ParameterSpec.Format(value)),
                };
            default:
                return node?.DeepClone();
        }
    }
}
