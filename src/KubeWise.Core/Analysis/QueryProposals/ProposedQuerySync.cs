using Microsoft.Extensions.Logging;

namespace KubeWise.Core.Analysis.QueryProposals;

/// <summary>
/// Brings the accepted AI queries of the proposal store into this process's catalog: after a restart, and on every scan
/// tick, so a replica whose timer did not run the round (one host id fires the timer once) still scans with them.
/// Cheap when nothing is new: one store read, no Prometheus or model call.
/// </summary>
public sealed class ProposedQuerySync(IQueryCatalogView catalog, IProposedQueryStore store, ILogger<ProposedQuerySync> logger)
{
    /// <returns>Every stored decision, accepted and rejected, as read (so a caller showing them need not read again).</returns>
    /// <exception cref="Events.EventStoreException">The store could not be read; the catalog is unchanged.</exception>
    public async Task<IReadOnlyList<ProposedQueryDecision>> SyncAsync(CancellationToken cancellationToken = default)
    {
        var decisions = await store.LoadAsync(cancellationToken).ConfigureAwait(false);
        var added = AddAccepted(catalog, decisions);
        if (added > 0)
        {
            QueryProposalLog.Restored(logger, added);
        }

        return decisions;
    }

    /// <summary>Adds each accepted decision whose id the catalog does not hold yet; returns how many joined.</summary>
    internal static int AddAccepted(IQueryCatalogView catalog, IEnumerable<ProposedQueryDecision> decisions)
    {
        var added = 0;
        var present = catalog.Entries.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var decision in decisions)
        {
            if (decision.Accepted && present.Add(decision.Query.Id) && catalog.TryAddAiQuery(decision.Query) is null)
            {
                added++;
            }
        }

        return added;
    }
}
