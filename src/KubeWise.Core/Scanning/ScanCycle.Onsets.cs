using KubeWise.Core.Entities;
using KubeWise.Core.Metrics;
using KubeWise.Core.Metrics.Catalog;

namespace KubeWise.Core.Scanning;

public sealed partial class ScanCycle
{
    /// <summary>More states than this in one cycle get their onset at the look-back's coarse step only (no fine query each).</summary>
    private const int MaxFineOnsetQueries = 16;

    /// <summary>
    /// A state that already held at the window's first sample (replicas unavailable, a node condition gone bad) began
    /// before the window: its onset is looked up in the history, so "unavailable for 21 min" reads the same with a
    /// 10-minute and a 30-minute window and a one-shot scan names when the state really began. One coarse range query
    /// per signal over the look-back (only the samples where the state holds come back), then one query at the window's
    /// step around the change, on the window's grid, so the onset is the sample a long enough window would have shown.
    /// No state, no query: a healthy cluster costs nothing here.
    /// </summary>
    private async Task<IReadOnlyList<EntityWindow>> OnsetsAsync(
        IReadOnlyList<EntityWindow> windows, IReadOnlyList<CatalogQuery> active, DateTimeOffset windowStart, DateTimeOffset end,
        IReadOnlyList<string> namespaces, RequestCounter requests, List<string> degraded, CancellationToken cancellationToken)
    {
        var lookback = TimeSpan.FromSeconds(_options.OnsetLookbackSeconds);
        if (lookback <= TimeSpan.Zero)
        {
            return windows;
        }

        var fineStep = WindowStep(end - windowStart);
        var coarseStep = TimeSpan.FromTicks(Math.Max(1, (long)Math.Round(_options.OnsetStepSeconds / fineStep.TotalSeconds)) * fineStep.Ticks);
        var candidates = new List<OnsetCandidate>();
        foreach (var window in windows)
        {
            if (window.Facts.ReplicasUnavailableSince is { } since && since - windowStart < fineStep)
            {
                candidates.Add(new OnsetCandidate(window.Entity, BuiltInQueries.ReplicasUnavailable, " > 0",
                    [("namespace", window.Entity.Namespace), ("deployment", window.Entity.Name)], null));
            }

            foreach (var condition in window.Facts.NodeConditions)
            {
                var bad = condition.Type == NodeConditionTypes.Ready ? condition.Status != ConditionStatus.True : condition.Status == ConditionStatus.True;
                if (bad && condition.Since is { } from && from - windowStart < fineStep)
                {
                    candidates.Add(new OnsetCandidate(window.Entity, BuiltInQueries.NodeCondition, string.Empty,
                        [("node", window.Entity.Name), ("condition", condition.Type), ("status", condition.Status.ToString().ToLowerInvariant())], condition.Type));
                }
            }
        }

        if (candidates.Count == 0)
        {
            return windows;
        }

        var onsets = new Dictionary<OnsetCandidate, DateTimeOffset>();
        var fineQueries = 0;
        foreach (var group in candidates.GroupBy(c => c.Signal, StringComparer.Ordinal))
        {
            if (active.FirstOrDefault(q => q.Id == group.Key) is not { } query)
            {
                continue;
            }

            var expression = $"({query.Render(namespaces, RateWindow, lookback)}){group.First().Filter}";
            var coarseStart = windowStart - TimeSpan.FromTicks(coarseStep.Ticks * (long)Math.Ceiling(lookback / coarseStep));
            try
            {
                requests.Add(1);
                var coarse = await _client.QueryRangeAsync(expression, coarseStart, windowStart, coarseStep, cancellationToken).ConfigureAwait(false);
                foreach (var candidate in group)
                {
                    if (coarse.Series.FirstOrDefault(candidate.Matches) is not { } series || RunStart(series.Samples, windowStart, coarseStep) is not { } first)
                    {
                        continue;
                    }

                    var onset = first;
                    if (first > coarseStart && fineQueries < MaxFineOnsetQueries)
                    {
                        fineQueries++;
                        requests.Add(1);
                        var fine = await _client.QueryRangeAsync(expression, first - coarseStep + fineStep, first, fineStep, cancellationToken).ConfigureAwait(false);
                        if (fine.Series.FirstOrDefault(candidate.Matches) is { } exact && RunStart(exact.Samples, first, fineStep) is { } precise)
                        {
                            onset = precise;
                        }
                    }

                    onsets[candidate] = onset;
                }
            }
            catch (PrometheusException e)
            {
                degraded.Add($"[{query.Id}] onset look-back error: {e.Message}");
            }
        }

        return onsets.Count == 0 ? windows : [.. windows.Select(w => WithOnsets(w, onsets))];
    }

    private TimeSpan WindowStep(TimeSpan span) =>
        TimeSpan.FromSeconds(Math.Max(_prometheus.ScrapeIntervalSeconds, Math.Ceiling(span.TotalSeconds / 10_000)));

    /// <summary>The first sample of the run of consecutive samples (one <paramref name="step"/> apart) that ends at <paramref name="end"/>.</summary>
    private static DateTimeOffset? RunStart(IReadOnlyList<PrometheusSample> samples, DateTimeOffset end, TimeSpan step)
    {
        var tolerance = TimeSpan.FromTicks(step.Ticks / 2);
        var i = samples.Count - 1;
        if (i < 0 || (end - samples[i].Timestamp).Duration() > tolerance)
        {
            return null;
        }

        while (i > 0 && samples[i].Timestamp - samples[i - 1].Timestamp <= step + tolerance)
        {
            i--;
        }

        return samples[i].Timestamp;
    }

    private static EntityWindow WithOnsets(EntityWindow window, Dictionary<OnsetCandidate, DateTimeOffset> onsets)
    {
        var facts = window.Facts;
        var changed = false;
        foreach (var (candidate, onset) in onsets.Where(o => o.Key.Entity == window.Entity))
        {
            changed = true;
            facts = candidate.Condition is null
                ? facts with { ReplicasUnavailableSince = Earlier(facts.ReplicasUnavailableSince, onset) }
                : facts with
                {
                    NodeConditions = [.. facts.NodeConditions.Select(c => c.Type == candidate.Condition ? c with { Since = Earlier(c.Since, onset) } : c)],
                };
        }

        return changed ? window with { Facts = facts } : window;
    }

    private static DateTimeOffset Earlier(DateTimeOffset? current, DateTimeOffset onset) => current is { } c && c < onset ? c : onset;

    /// <summary>One state whose onset is looked up: the entity, the signal's catalog id, the PromQL filter that keeps only the state, the labels that name its series.</summary>
    private sealed record OnsetCandidate(EntityKey Entity, string Signal, string Filter, (string Name, string Value)[] Labels, string? Condition)
    {
        public bool Matches(PrometheusSeries series) => Labels.All(l => series.Label(l.Name) == l.Value);
    }
}
