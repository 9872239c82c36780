using System.Collections.Concurrent;
using KubeWise.Core.Metrics.Catalog;

namespace KubeWise.Core.Analysis.QueryProposals;

/// <summary>
/// The scan cycle's <see cref="QueryCatalog"/> as proposals see it. Accepted proposals are added with origin
/// <see cref="QueryOrigin.AiProposed"/> (shown as <c>ai</c>) through the catalog's own validation; the entity type
/// each was proposed for is remembered, so it counts towards coverage in the next round.
/// </summary>
public sealed class ScanCatalogView(QueryCatalog catalog) : IQueryCatalogView
{
    private readonly ConcurrentDictionary<string, string> _aiTypes = new(StringComparer.Ordinal);

    public IReadOnlyList<CatalogEntry> Entries =>
    [
        .. catalog.Queries
            .Where(q => !BuiltInQueries.ResolutionQueries.Contains(q.Id))
            .Select(q => new CatalogEntry(q.Id, q.Expression, _aiTypes.TryGetValue(q.Id, out var type) ? [type] : TypesOf(q.Target))),
    ];

    public string? TryAddAiQuery(ProposedQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var entry = QueryCatalog.FromExpression(query.Id, query.Expression, QueryOrigin.AiProposed) with
        {
            Description = $"Proposed by the model for {query.EntityType}s: {query.Description}",
        };
        var added = catalog.TryAdd(entry);
        if (!added.Accepted)
        {
            return string.Join("; ", added.Problems);
        }

        _aiTypes[query.Id] = query.EntityType;
        return null;
    }

    /// <summary>The scan measures pods through their controllers (pod series are joined to their owners), so workload and pod queries cover both.</summary>
    internal static IReadOnlyList<string> TypesOf(QueryTarget target) => target switch
    {
        QueryTarget.Workload => [QueryEntityTypes.Pod, QueryEntityTypes.Deployment, QueryEntityTypes.StatefulSet, QueryEntityTypes.DaemonSet],
        QueryTarget.Pod => [QueryEntityTypes.Pod, QueryEntityTypes.Deployment, QueryEntityTypes.StatefulSet, QueryEntityTypes.DaemonSet],
        QueryTarget.Deployment => [QueryEntityTypes.Deployment],
        QueryTarget.Node => [QueryEntityTypes.Node],
        _ => [],
    };
}
