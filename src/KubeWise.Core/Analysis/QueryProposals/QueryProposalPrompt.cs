using System.Globalization;
using System.Text;
using KubeWise.Core.Analysis.Gemini.Wire;
using KubeWise.Core.Metrics;

namespace KubeWise.Core.Analysis.QueryProposals;

/// <summary>Asks the model for PromQL for the poorly covered entity types, from the metric names Prometheus has.</summary>
public static class QueryProposalPrompt
{
    public const string SystemInstruction = """
        You are KubeWise's PromQL assistant. You receive the metric names a Prometheus server holds (with their type and
        help text where known), the queries KubeWise already runs, and the entity types they cover poorly. Propose
        additional instant-vector PromQL queries that measure the health of those entity types. Each query must
        aggregate to exactly one series per entity: `by (namespace, pod)` for pods, `by (namespace, deployment)` for
        deployments, `by (namespace, statefulset)`, `by (namespace, daemonset)`, and `by (node)` for nodes, keeping no
        other label. Use only the metric names listed. Use rate() over [5m] for counters. Every query is executed and
        checked before use; invalid, unbounded or irrelevant ones are discarded.
        """;

    public static GenerateContentRequest Build(
        IReadOnlyList<string> poorlyCovered,
        IReadOnlyList<CatalogEntry> catalog,
        IReadOnlyList<string> metricNames,
        IReadOnlyDictionary<string, PrometheusMetricMetadata> metadata,
        int maxProposals,
        GeminiOptions options)
    {
        ArgumentNullException.ThrowIfNull(poorlyCovered);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(metricNames);
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(options);

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Propose at most {maxProposals} queries for these entity types: {string.Join(", ", poorlyCovered)}.\n\n");
        text.Append("Queries already in the catalog (entity types: id = expression):\n");
        foreach (var entry in catalog)
        {
            var types = entry.EntityTypes.Count == 0 ? "any" : string.Join("/", entry.EntityTypes);
            text.Append(CultureInfo.InvariantCulture, $"- {types}: {entry.Id} = {entry.Expression}\n");
        }

        text.Append("\nMetric names available (name [type] help):\n");
        foreach (var name in metricNames)
        {
            text.Append("- ").Append(name);
            if (metadata.TryGetValue(name, out var m))
            {
                text.Append(CultureInfo.InvariantCulture, $" [{m.Type}] {m.Help}");
            }

            text.Append('\n');
        }

        return new GenerateContentRequest(
            [Content.User(text.ToString())],
            Content.System(SystemInstruction),
            new GenerationConfig(options.Temperature, options.MaxOutputTokens, "application/json", Answer(poorlyCovered)));
    }

    public static Schema Answer(IReadOnlyList<string> entityTypes) => new(
        Schema.Object,
        Properties: new Dictionary<string, Schema>(StringComparer.Ordinal)
        {
            ["queries"] = new(Schema.Array, "The proposed queries; empty when none is useful.", Items: new Schema(
                Schema.Object,
                Properties: new Dictionary<string, Schema>(StringComparer.Ordinal)
                {
                    ["id"] = new(Schema.String, "Snake-case id, unique in the catalog, e.g. pod_network_receive_errors."),
                    ["expression"] = new(Schema.String, "The PromQL, aggregated to one series per entity."),
                    ["entity_type"] = new(Schema.String, "What one series measures.", Enum: [.. entityTypes]),
                    ["description"] = new(Schema.String, "What the signal means, one sentence."),
                },
                Required: ["id", "expression", "entity_type", "description"],
                PropertyOrdering: ["id", "expression", "entity_type", "description"])),
        },
        Required: ["queries"],
        PropertyOrdering: ["queries"]);
}
