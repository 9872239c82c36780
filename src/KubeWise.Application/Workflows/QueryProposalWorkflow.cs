using KubeWise.Core.Analysis.QueryProposals;
using KubeWise.Core.Events;
using Microsoft.Extensions.Logging;

namespace KubeWise.Application.Workflows;

/// <summary>
/// One proposal round: first the accepted queries of earlier rounds (from the store) join the catalog, so the model
/// sees them and the coverage counts them; then <see cref="QueryProposer"/> asks for queries for the poorly covered
/// entity types, validates each against Prometheus and persists every decision. Never throws for a model, Prometheus
/// or store failure: the round says or logs why it stopped, and the next tick tries again.
/// </summary>
public sealed class QueryProposalWorkflow(ProposedQuerySync sync, QueryProposer proposer, ILogger<QueryProposalWorkflow> logger)
{
    public async Task<QueryProposalRound?> RunAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await sync.SyncAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is EventStoreException or System.Text.Json.JsonException)
        {
            // Without the earlier decisions the model would be asked for what the catalog may already hold.
            ScheduledWorkLog.ProposalsStoreUnavailable(logger, e.Message);
            return null;
        }

        try
        {
            var round = await proposer.ProposeAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            if (round.SkippedReason is null)
            {
                ScheduledWorkLog.ProposalRoundDone(logger, round.Accepted.Count(), round.Rejected.Count(), string.Join(", ", round.PoorlyCovered));
            }

            return round;
        }
        catch (Exception e) when (e is EventStoreException or System.Text.Json.JsonException)
        {
            // The accepted queries are in this process's catalog but not persisted: a restart forgets them, a later round may propose them again.
            ScheduledWorkLog.ProposalsStoreUnavailable(logger, e.Message);
            return null;
        }
    }
}
