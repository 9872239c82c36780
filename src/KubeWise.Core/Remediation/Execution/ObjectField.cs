using System.Text;
using System.Text.Json.Nodes;

namespace KubeWise.Core.Remediation.Execution;

/// <summary>
/// A field of a Kubernetes object in the catalog's changed-field notation:
/// <c>spec.replicas</c>, <c>spec.template.metadata.annotations[kubectl.kubernetes.io/restartedAt]</c> (map keys with dots or
/// slashes in brackets; <c>['key']</c> is read too), <c>spec.template.spec.containers[name=app].resources</c> (list items
/// picked by their merge key, not their index, so a path stays valid when a list is reordered).
/// </summary>
public sealed class ObjectField
{
    private readonly IReadOnlyList<Segment> _segments;

    private ObjectField(string text, IReadOnlyList<Segment> segments)
    {
        Text = text;
        _segments = segments;
    }

    public string Text { get; }

    public static ObjectField Parse(string text)
    {
        var segments = new List<Segment>();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '.')
            {
                i++;
            }
            else if (text[i] == '[' && i + 1 < text.Length && text[i + 1] == '\'')
            {
                var end = text.IndexOf("']", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    throw new FormatException($"Unclosed ['...'] in field path {text}.");
                }

                segments.Add(new Segment(text[(i + 2)..end], null, null));
                i = end + 2;
            }
            else if (text[i] == '[')
            {
                var end = text.IndexOf(']', i);
                if (end < 0)
                {
                    throw new FormatException($"Unclosed [...] in field path {text}.");
                }

                var inner = text[(i + 1)..end];
                var eq = inner.IndexOf('=', StringComparison.Ordinal);
                // Label and annotation keys never contain '=', so "[a=b]" can only be a list selector.
                segments.Add(eq > 0 ? new Segment(null, inner[..eq], inner[(eq + 1)..]) : new Segment(inner, null, null));
                i = end + 1;
            }
            else
            {
                var start = i;
                while (i < text.Length && text[i] != '.' && text[i] != '[')
                {
                    i++;
                }

                segments.Add(new Segment(text[start..i], null, null));
            }
        }

        return new ObjectField(text, segments);
    }

    /// <summary>The value at this path in <paramref name="item"/>, or null when absent.</summary>
    public JsonNode? Read(JsonObject item) => Locate(item).Value;

    /// <summary>The JSON pointer (RFC 6901) of this path in <paramref name="item"/>; list selectors become indices. Null when a parent is missing.</summary>
    public string? Pointer(JsonObject item) => Locate(item).Pointer;

    /// <summary>The pointer of the nearest parent that exists and the pointer of this path, for JSON-patch "add".</summary>
    public FieldValue Capture(JsonObject item) => new(Text, Read(item)?.ToJsonString());

    public override string ToString() => Text;

    private (JsonNode? Value, string? Pointer) Locate(JsonObject item)
    {
        JsonNode? node = item;
        var pointer = new StringBuilder();
        foreach (var segment in _segments)
        {
            if (segment.Key is not null)
            {
                if (node is not JsonObject o || !o.TryGetPropertyValue(segment.Key, out var next))
                {
                    return (null, node is JsonObject ? pointer.Append('/').Append(Escape(segment.Key)).ToString() : null);
                }

                pointer.Append('/').Append(Escape(segment.Key));
                node = next;
            }
            else
            {
                if (node is not JsonArray array)
                {
                    return (null, null);
                }

                var index = -1;
                for (var k = 0; k < array.Count; k++)
                {
                    if (array[k]?[segment.SelectorKey!]?.GetValue<string>() == segment.SelectorValue)
                    {
                        index = k;
                        break;
                    }
                }

                if (index < 0)
                {
                    return (null, null);
                }

                pointer.Append('/').Append(index);
                node = array[index];
            }
        }

        return (node, pointer.ToString());
    }

    private static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private sealed record Segment(string? Key, string? SelectorKey, string? SelectorValue);
}
