using KubeWise.Core.Analysis.Gemini;
using KubeWise.Core.Analysis.Llm;
using KubeWise.Core.Analysis.Redaction;
using KubeWise.Core.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Analysis.QueryProposals;

/// <summary>
/// One round of AI-proposed queries: find the entity types the catalog covers poorly, show the model the metric names,
/// validate each proposal against Prometheus (<see cref="ProposedQueryValidator"/>), add the accepted ones to the catalog
/// tagged <c>ai</c>, and persist every decision. Never throws for a model or Prometheus failure: the round says why it stopped.
/// </summary>
public sealed class QueryProposer(
    LlmProvider gemini,
    IPrometheusClient prometheus,
    IQueryCatalogView catalog,
    IProposedQueryStore store,
    ProposedQueryValidator validator,
    IOptions<QueryProposalOptions> options,
    IOptions<GeminiOptions> geminiOptions,
    PromptRedaction redaction,
    TimeProvider timeProvider,
    ILogger<QueryProposer> logger)
{
    public async Task<QueryProposalRound> ProposeAsync(DateTimeOffset? at = null, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var when = at ?? timeProvider.GetUtcNow();
        var entries = catalog.Entries;
        var poorly = PoorlyCovered(entries, settings.PoorCoverageBelow);
        var skipped = !settings.Enabled ? "Gemini:QueryProposals:Enabled is off."
            : !gemini.IsConfigured ? gemini.UnconfiguredReason
            : gemini.HourlyBudgetExhausted() is { } budget ? budget
            : poorly.Count == 0 ? $"Every entity type has at least {settings.PoorCoverageBelow} catalog queries."
            : null;
        if (skipped is not null)
        {
            return Skip(poorly, skipped, TokenUsage.Zero);
        }

        var window = TimeSpan.FromSeconds(settings.CostWindowSeconds);
        IReadOnlyList<string> names;
        KnownEntities known;
        IReadOnlyDictionary<string, PrometheusMetricMetadata> metadata;
        try
        {
            var listed = await prometheus.LabelValuesAsync("__name__", start: when - window, end: when, cancellationToken: cancellationToken).ConfigureAwait(false);
            names = [.. listed.Items.Order(StringComparer.Ordinal).Take(settings.MaxMetricNames)];
            metadata = await MetadataAsync(cancellationToken).ConfigureAwait(false);
            known = await KnownEntities.ReadAsync(prometheus, when, window, cancellationToken).ConfigureAwait(false);
        }
        catch (PrometheusException ex)
        {
            return Skip(poorly, $"Prometheus could not list metrics or entities: {ex.Message}", TokenUsage.Zero);
        }

        GeminiAnswer answer;
        (IReadOnlyList<ProposedQuery> Proposals, IReadOnlyList<(string Raw, string Reason)> Malformed) parsed;
        try
        {
            // Configured queries carry the cluster's names in their label matchers: the model sees placeholders, and its
            // queries are mapped back before they are validated against Prometheus.
            var map = redaction.Enabled ? new RedactionMap() : null;
            var shown = map is null ? entries : [.. entries.Select(e => e with { Expression = QueryRedaction.Redact(map, e.Expression) })];
            var request = QueryProposalPrompt.Build(poorly, shown, names, metadata, settings.MaxProposals, geminiOptions.Value);
            answer = (await gemini.CallAsync(LlmPurpose.QueryProposals, request, cancellationToken).ConfigureAwait(false)).Answer;
            parsed = QueryProposalParser.Parse(answer);
            if (map is not null)
            {
                parsed = (
                    [.. parsed.Proposals.Select(p => p with { Expression = map.Restore(p.Expression), Description = map.Restore(p.Description) })],
                    [.. parsed.Malformed.Select(m => (map.Restore(m.Raw), m.Reason))]);
            }
        }
        catch (GeminiException ex)
        {
            return Skip(poorly, $"{gemini.DisplayName} failed ({ex.Failure}): {ex.Message}", ex.Usage);
        }

        var decisions = new List<ProposedQueryDecision>();
        foreach (var (raw, reason) in parsed.Malformed)
        {
            decisions.Add(new(new ProposedQuery("?", raw, "?", string.Empty), false, reason, null, null, timeProvider.GetUtcNow()));
        }

        var context = new ProposalContext(when, known, poorly, entries);
        var accepted = new List<CatalogEntry>();
        for (var i = 0; i < parsed.Proposals.Count; i++)
        {
            var proposal = parsed.Proposals[i];
            var decision = i >= settings.MaxProposals
                ? new ProposedQueryDecision(proposal, false, $"more than {settings.MaxProposals} proposals in one answer; the rest are ignored", null, null, timeProvider.GetUtcNow())
                : await validator.ValidateAsync(proposal, context with { Catalog = [.. entries, .. accepted] }, cancellationToken).ConfigureAwait(false);
            if (decision.Accepted && catalog.TryAddAiQuery(proposal) is { } refusal)
            {
                decision = decision with { Accepted = false, Reason = $"the catalog refused it: {refusal}" };
            }

            if (decision.Accepted)
            {
                accepted.Add(new CatalogEntry(proposal.Id, proposal.Expression, [proposal.EntityType]));
            }

            Log(decision);
            decisions.Add(decision);
        }

        await store.AppendAsync(decisions, cancellationToken).ConfigureAwait(false);
        return new QueryProposalRound(decisions, poorly, null, answer.Usage);
    }

    /// <summary>Re-adds persisted accepted queries to the catalog (after a restart); returns how many were added.</summary>
    public async Task<int> RestoreAsync(CancellationToken cancellationToken = default)
    {
        var decisions = await store.LoadAsync(cancellationToken).ConfigureAwait(false);
        return ProposedQuerySync.AddAccepted(catalog, decisions);
    }

    /// <summary>Entity types with fewer catalog queries than <paramref name="threshold"/>, in <see cref="QueryEntityTypes.All"/> order.</summary>
    public static IReadOnlyList<string> PoorlyCovered(IReadOnlyList<CatalogEntry> entries, int threshold)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return [.. QueryEntityTypes.All.Where(t => entries.Count(e => e.EntityTypes.Contains(t)) < threshold)];
    }

    private async Task<IReadOnlyDictionary<string, PrometheusMetricMetadata>> MetadataAsync(CancellationToken cancellationToken)
    {
        // Metadata comes from live scrape targets and may be missing (backfilled or federated data): names alone still work.
        var listed = await prometheus.MetadataAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var map = new Dictionary<string, PrometheusMetricMetadata>(StringComparer.Ordinal);
        foreach (var m in listed.Items)
        {
            map.TryAdd(m.Metric, m);
        }

        return map;
    }

    private QueryProposalRound Skip(IReadOnlyList<string> poorly, string reason, TokenUsage usage)
    {
        QueryProposalLog.Skipped(logger, reason);
        return new QueryProposalRound([], poorly, reason, usage);
    }

    private void Log(ProposedQueryDecision decision)
    {
        if (decision.Accepted)
        {
            QueryProposalLog.Accepted(logger, decision.Query.Id, decision.Query.Expression, decision.Reason);
        }
        else
        {
            QueryProposalLog.Rejected(logger, decision.Query.Id, decision.Query.Expression, decision.Reason);
        }
    }
}
