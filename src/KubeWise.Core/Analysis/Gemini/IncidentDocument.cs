using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeWise.Core.Analysis.Gemini;

/// <summary>
/// The incident as a JSON document for the prompt. Everything in it is data from the cluster; the system
/// instruction tells the model so, and nothing the model says is trusted anyway.
/// </summary>
internal static class IncidentDocument
{
    /// <summary>The prompt's <c>detector</c> when only the isolation forest flagged the entity.</summary>
    private const string ForestOnly = "forest";

    public static JsonObject Build(AnomalyInput anomaly, EntityFacts facts)
    {
        var evidence = new JsonArray();
        foreach (var e in anomaly.OrderedEvidence.Take(MaxEvidence))
        {
            evidence.Add(new JsonObject
            {
                ["source"] = e.Source,
                ["feature"] = e.Feature,
                ["value"] = e.Value,
                ["baseline"] = e.Baseline,
                ["contribution"] = e.Contribution,
                ["detail"] = Bounded(e.Detail),
            });
        }

        return new JsonObject
        {
            ["anomaly_id"] = anomaly.AnomalyId,
            ["entity"] = Entity(anomaly.Entity),
            ["anomaly_score"] = anomaly.Score,
            ["detector"] = anomaly.DetectorType ?? ForestOnly,
            ["detected_at"] = anomaly.DetectedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["evidence"] = evidence,
            ["facts"] = Facts(facts),
        };
    }

    // Relaxed escaping: the text is read by a model, not embedded in HTML, and \uXXXX escapes only cost tokens.
    private static readonly JsonSerializerOptions PromptJson = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string ToText(JsonNode node) => node.ToJsonString(PromptJson);

    public static JsonObject Entity(EntityRef entity) => new()
    {
        ["type"] = entity.Type,
        ["namespace"] = entity.Namespace,
        ["name"] = entity.Name,
    };

    private static JsonObject Facts(EntityFacts facts)
    {
        var owners = new JsonArray();
        foreach (var owner in facts.OwnersOrEmpty)
        {
            owners.Add(Entity(owner));
        }

        var containers = new JsonArray();
        foreach (var c in facts.ContainersOrEmpty)
        {
            containers.Add(new JsonObject
            {
                ["name"] = c.Name,
                ["cpu_request"] = c.CpuRequest,
                ["cpu_limit"] = c.CpuLimit,
                ["memory_request"] = c.MemoryRequest,
                ["memory_limit"] = c.MemoryLimit,
            });
        }

        return new JsonObject
        {
            ["labels"] = Map(facts.LabelsOrEmpty),
            ["annotations"] = Map(facts.AnnotationsOrEmpty),
            ["owners"] = owners,
            ["node"] = facts.NodeName,
            ["desired_replicas"] = facts.DesiredReplicas,
            ["available_replicas"] = facts.AvailableReplicas,
            ["containers"] = containers,
            ["conditions"] = new JsonArray((facts.Conditions ?? []).Select(c => (JsonNode?)JsonValue.Create(c)).ToArray()),
            ["revision"] = facts.Revision,
            ["baseline"] = Values(facts.BaselineOrEmpty),
        };
    }

    public static JsonObject Values(IReadOnlyDictionary<string, double> values)
    {
        var o = new JsonObject();
        foreach (var (k, v) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            o[k] = v;
        }

        return o;
    }

    private static JsonObject Map(IReadOnlyDictionary<string, string> map)
    {
        var o = new JsonObject();
        foreach (var (k, v) in map.Where(p => !OmittedAnnotations.Contains(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal).Take(MaxMapEntries))
        {
            o[Bounded(k)!] = Bounded(v);
        }

        return o;
    }

    // Bounds keep one verbose object from eating the incident's token budget.
    private const int MaxEvidence = 20;
    private const int MaxMapEntries = 40;
    private const int MaxValueLength = 256;

    /// <summary>Annotations that repeat the whole object: large, and nothing the analysis needs.</summary>
    private static readonly HashSet<string> OmittedAnnotations = new(StringComparer.Ordinal)
    {
        "kubectl.kubernetes.io/last-applied-configuration",
    };

    private static string? Bounded(string? text) =>
        text is null || text.Length <= MaxValueLength ? text : text[..MaxValueLength] + "…(truncated)";
}
