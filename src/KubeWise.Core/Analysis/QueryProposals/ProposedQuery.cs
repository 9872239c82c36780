using System.Text.Json.Serialization;

namespace KubeWise.Core.Analysis.QueryProposals;

/// <summary>Entity types a query can measure; the labels each one needs in a result series.</summary>
public static class QueryEntityTypes
{
    public const string Pod = "pod";
    public const string Deployment = "deployment";
    public const string StatefulSet = "statefulset";
    public const string DaemonSet = "daemonset";
    public const string Node = "node";

    public static IReadOnlyList<string> All { get; } = [Pod, Deployment, StatefulSet, DaemonSet, Node];

    /// <summary>The labels that name an entity of <paramref name="type"/> in a series (besides <c>namespace</c> for namespaced types).</summary>
    public static string NameLabel(string type) => type;

    public static bool IsNamespaced(string type) => type != Node;
}

/// <summary>A query as the model proposed it: untrusted until validated.</summary>
/// <param name="Id">Catalog id (lower-case, digits, '_').</param>
/// <param name="Expression">PromQL.</param>
/// <param name="EntityType">What one result series measures (<see cref="QueryEntityTypes"/>).</param>
/// <param name="Description">What the signal means, for people.</param>
public sealed record ProposedQuery(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("expression")] string Expression,
    [property: JsonPropertyName("entity_type")] string EntityType,
    [property: JsonPropertyName("description")] string Description);

/// <summary>The decision on one proposal, as persisted and shown next to the catalog.</summary>
/// <param name="Query">The proposal.</param>
/// <param name="Accepted">It joined the catalog, tagged <c>ai</c>.</param>
/// <param name="Reason">Why it was rejected, or what was measured when accepted.</param>
/// <param name="SeriesCount">Series its instant query returned (null when it did not run).</param>
/// <param name="QueryMilliseconds">Time its range query took over the cost window (null when it did not run).</param>
/// <param name="DecidedAt">When.</param>
public sealed record ProposedQueryDecision(
    [property: JsonPropertyName("query")] ProposedQuery Query,
    [property: JsonPropertyName("accepted")] bool Accepted,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("series_count")] int? SeriesCount,
    [property: JsonPropertyName("query_ms")] double? QueryMilliseconds,
    [property: JsonPropertyName("decided_at")] DateTimeOffset DecidedAt)
{
    /// <summary>The catalog tag of accepted proposals.</summary>
    public const string Tag = "ai";
}

/// <summary>One round of proposals.</summary>
/// <param name="Decisions">Every proposal with its verdict.</param>
/// <param name="PoorlyCovered">The entity types the model was asked about.</param>
/// <param name="SkippedReason">Why no proposals were asked for, when none were.</param>
/// <param name="Usage">Tokens the model call used.</param>
public sealed record QueryProposalRound(
    IReadOnlyList<ProposedQueryDecision> Decisions,
    IReadOnlyList<string> PoorlyCovered,
    string? SkippedReason,
    TokenUsage Usage)
{
    public IEnumerable<ProposedQueryDecision> Accepted => Decisions.Where(d => d.Accepted);

    public IEnumerable<ProposedQueryDecision> Rejected => Decisions.Where(d => !d.Accepted);
}
