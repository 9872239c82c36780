namespace KubeWise.Core.Analysis.QueryProposals;

/// <summary>One catalog query as proposals see it.</summary>
/// <param name="EntityTypes">The entity types it gives a signal for (<see cref="QueryEntityTypes"/>): a pod-level query feeds the pods' controllers too; empty when decided per series.</param>
public sealed record CatalogEntry(string Id, string Expression, IReadOnlyList<string> EntityTypes);

/// <summary>The scan cycle's query catalog, as far as AI proposals need it.</summary>
public interface IQueryCatalogView
{
    IReadOnlyList<CatalogEntry> Entries { get; }

    /// <summary>Adds a validated proposal tagged <c>ai</c>; null when accepted, otherwise why the catalog refused it.</summary>
    string? TryAddAiQuery(ProposedQuery query);
}

/// <summary>Where proposal decisions are kept (accepted ones are re-added to the catalog at start).</summary>
public interface IProposedQueryStore
{
    Task<IReadOnlyList<ProposedQueryDecision>> LoadAsync(CancellationToken cancellationToken);

    Task AppendAsync(IReadOnlyList<ProposedQueryDecision> decisions, CancellationToken cancellationToken);
}
