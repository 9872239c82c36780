using System.Text.Json.Nodes;

namespace KubeWise.Testing.Kubernetes;

/// <summary>Label selectors (query-string form and <c>LabelSelector</c> objects) and field selectors, as the API server evaluates them.</summary>
internal static class Selectors
{
    public static bool MatchesLabelQuery(JsonObject item, string? selector)
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            return true;
        }

        var labels = Labels(item);
        foreach (var requirement in SplitTopLevel(selector))
        {
            var r = requirement.Trim();
            if (r.Contains(" notin ", StringComparison.Ordinal))
            {
                var (key, values) = SetRequirement(r, " notin ");
                if (labels.TryGetValue(key, out var v) && values.Contains(v))
                {
                    return false;
                }
            }
            else if (r.Contains(" in ", StringComparison.Ordinal))
            {
                var (key, values) = SetRequirement(r, " in ");
                if (!labels.TryGetValue(key, out var v) || !values.Contains(v))
                {
                    return false;
                }
            }
            else if (r.Contains("!=", StringComparison.Ordinal))
            {
                var parts = r.Split("!=", 2);
                if (labels.TryGetValue(parts[0].Trim(), out var v) && v == parts[1].Trim())
                {
                    return false;
                }
            }
            else if (r.Contains('='))
            {
                var parts = r.Split(r.Contains("==", StringComparison.Ordinal) ? "==" : "=", 2);
                if (!labels.TryGetValue(parts[0].Trim(), out var v) || v != parts[1].Trim())
                {
                    return false;
                }
            }
            else if (r.StartsWith('!'))
            {
                if (labels.ContainsKey(r[1..].Trim()))
                {
                    return false;
                }
            }
            else if (!labels.ContainsKey(r))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A <c>LabelSelector</c> object; an empty selector matches everything, a missing one nothing (as for PDBs).</summary>
    public static bool MatchesLabelSelector(JsonObject item, JsonObject? selector)
    {
        if (selector is null)
        {
            return false;
        }

        var labels = Labels(item);
        if (selector["matchLabels"] is JsonObject matchLabels)
        {
            foreach (var (key, value) in matchLabels)
            {
                if (!labels.TryGetValue(key, out var v) || v != value?.GetValue<string>())
                {
                    return false;
                }
            }
        }

        if (selector["matchExpressions"] is JsonArray expressions)
        {
            foreach (var expression in expressions.OfType<JsonObject>())
            {
                var key = expression["key"]!.GetValue<string>();
                var values = (expression["values"] as JsonArray)?.Select(v => v!.GetValue<string>()).ToHashSet() ?? [];
                var has = labels.TryGetValue(key, out var v);
                var ok = expression["operator"]!.GetValue<string>() switch
                {
                    "In" => has && values.Contains(v!),
                    "NotIn" => !has || !values.Contains(v!),
                    "Exists" => has,
                    "DoesNotExist" => !has,
                    _ => false,
                };
                if (!ok)
                {
                    return false;
                }
            }
        }

        return true;
    }

    public static bool MatchesFieldQuery(JsonObject item, string? selector)
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            return true;
        }

        foreach (var requirement in selector.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var negate = requirement.Contains("!=", StringComparison.Ordinal);
            var parts = requirement.Split(negate ? "!=" : requirement.Contains("==", StringComparison.Ordinal) ? "==" : "=", 2);
            JsonNode? node = item;
            foreach (var segment in parts[0].Trim().Split('.'))
            {
                node = node is JsonObject o ? o[segment] : null;
            }

            var actual = node is JsonValue value ? value.ToString() : "";
            if ((actual == parts[1].Trim()) == negate)
            {
                return false;
            }
        }

        return true;
    }

    private static Dictionary<string, string> Labels(JsonObject item) =>
        (item["metadata"]?["labels"] as JsonObject)?.ToDictionary(p => p.Key, p => p.Value?.GetValue<string>() ?? "")
        ?? [];

    private static (string Key, HashSet<string> Values) SetRequirement(string requirement, string op)
    {
        var parts = requirement.Split(op, 2);
        var values = parts[1].Trim().TrimStart('(').TrimEnd(')').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return (parts[0].Trim(), values.ToHashSet());
    }

    private static IEnumerable<string> SplitTopLevel(string selector)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < selector.Length; i++)
        {
            depth += selector[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (selector[i] == ',' && depth == 0)
            {
                yield return selector[start..i];
                start = i + 1;
            }
        }

        yield return selector[start..];
    }
}
