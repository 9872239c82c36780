using KubeWise.Core.Events;
using KubeWise.Core.Remediation.Catalog;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Remediation.Policy;

/// <summary>
/// The remediations applied cluster-wide within the policy's rate and storm windows, for those limits: the successful
/// attempts of every event in the store (any replica, any incident), each with the entity its incident was about.
/// A store that cannot be read is an <see cref="EventStoreUnavailableException"/> (retry), never "nothing ran lately".
/// </summary>
public sealed class RecentActionsReader(IEventStore store, RemediationCatalog catalog, IOptions<RemediationPolicyOptions> policy, TimeProvider time)
{
    /// <summary>An event holds attempts only once it reached Remediating; fresh ones need not be read.</summary>
    private static readonly AnomalyStatus[] MayHoldAttempts =
        [.. Enum.GetValues<AnomalyStatus>().Where(s => s is not (AnomalyStatus.Detected or AnomalyStatus.Analyzing))];

    /// <summary>Store times are kept to the millisecond; a little slack keeps an attempt at the window's edge.</summary>
    private static readonly TimeSpan StoreSlack = TimeSpan.FromSeconds(1);

    /// <param name="inProgress">
    /// The command being judged, with its event: earlier phases of that same command (same operation and target) are
    /// part of this remediation, already admitted by the limits at its first phase, so they do not count against it.
    /// </param>
    public async Task<IReadOnlyList<RecentAction>> ReadAsync((string AnomalyId, RemediationCommand Command)? inProgress = null, CancellationToken ct = default)
    {
        var options = policy.Value;
        var since = time.GetUtcNow() - TimeSpan.FromSeconds(Math.Max(options.EntityWindowSeconds, options.StormWindowSeconds));
        var query = new EventQuery { UpdatedFrom = since - StoreSlack, Statuses = MayHoldAttempts, Limit = EventQuery.MaxLimit };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var actions = new List<RecentAction>();
        try
        {
            for (var skip = 0; ; skip += query.Limit)
            {
                var page = await store.ListAsync(query with { Skip = skip }, ct).ConfigureAwait(false);

                // An event written while we page may shift a later page by one; reading it twice must not count it twice.
                foreach (var anomaly in page.Items.Where(e => seen.Add(e.AnomalyId)))
                {
                    actions.AddRange(ActionsOf(anomaly, since, inProgress));
                }

                if (page.Items.Count < query.Limit || skip + page.Items.Count >= page.Total)
                {
                    return actions;
                }
            }
        }
        catch (EventStoreException e) when (e.IsRetryable)
        {
            throw new EventStoreUnavailableException($"Recent remediations could not be read for the rate and storm limits: {e.Message}", e);
        }
    }

    private IEnumerable<RecentAction> ActionsOf(AnomalyEvent anomaly, DateTimeOffset since, (string AnomalyId, RemediationCommand Command)? inProgress)
    {
        var entity = anomaly.Entity.ToScope();
        foreach (var attempt in anomaly.RemediationAttempts.Where(a => a.Status == "success"))
        {
            var at = attempt.FinishedAt ?? attempt.StartedAt;
            if (at < since || StepCommands.Build(catalog, attempt.CommandData, attempt.Command) is not { Succeeded: true } parsed)
            {
                continue;
            }

            var command = parsed.Command;
            if (inProgress is { } current && string.Equals(current.AnomalyId, anomaly.AnomalyId, StringComparison.OrdinalIgnoreCase)
                && current.Command.Operation.Name == command.Operation.Name && current.Command.Target.Matches(command.Target))
            {
                continue;
            }

            yield return new RecentAction(at, command.Target, command.Operation.Name, entity, anomaly.AnomalyId);
        }
    }
}
