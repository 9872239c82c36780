using System.Globalization;
using System.Text.RegularExpressions;
using KubeWise.Core.Metrics;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Analysis.QueryProposals;

/// <summary>What a round's proposals are judged against.</summary>
/// <param name="At">Evaluation time (the scan's "now").</param>
/// <param name="Known">Entities kube-state-metrics knows over the cost window.</param>
/// <param name="PoorlyCovered">Entity types proposals were asked for.</param>
/// <param name="Catalog">The catalog before this round.</param>
public sealed record ProposalContext(DateTimeOffset At, KnownEntities Known, IReadOnlyList<string> PoorlyCovered, IReadOnlyList<CatalogEntry> Catalog);

/// <summary>
/// Runs one proposed query against Prometheus and accepts it only if it parses, returns a vector whose every series names
/// one known entity of the declared type (one series per entity), stays under the series bound, and its range query over
/// the scan window stays under the time bound. Every rejection says which rule failed.
/// </summary>
public sealed partial class ProposedQueryValidator(IPrometheusClient prometheus, IOptions<QueryProposalOptions> options, TimeProvider timeProvider)
{
    public const int MaxExpressionLength = 2000;

    public async Task<ProposedQueryDecision> ValidateAsync(ProposedQuery query, ProposalContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(context);
        var settings = options.Value;
        if (CheckText(query, context) is { } textProblem)
        {
            return Reject(query, textProblem);
        }

        PrometheusQueryResult instant;
        try
        {
            instant = await prometheus.QueryAsync(query.Expression, context.At, cancellationToken).ConfigureAwait(false);
        }
        catch (PrometheusQueryException ex)
        {
            return Reject(query, ex.ErrorType == "bad_data"
                ? $"invalid PromQL: {ex.Message}"
                : $"Prometheus could not evaluate it ({ex.ErrorType}): {ex.Message}");
        }
        catch (PrometheusException ex)
        {
            return Reject(query, $"Prometheus could not run it ({ex.ErrorType}): {ex.Message}");
        }

        if (instant.ResultType != PrometheusResultType.Vector)
        {
            return Reject(query, $"irrelevant: it returns a {instant.ResultType.ToString().ToLowerInvariant()}, not a vector of per-entity series");
        }

        var count = instant.Series.Count;
        if (count == 0)
        {
            return Reject(query, "returns no series (its metrics may not exist here)", count);
        }

        if (count > settings.MaxSeries)
        {
            return Reject(query, $"unbounded cardinality: {count} series exceed the bound of {settings.MaxSeries}", count);
        }

        if (CheckEntities(query, instant.Series, context.Known) is { } entityProblem)
        {
            return Reject(query, entityProblem, count);
        }

        var window = TimeSpan.FromSeconds(settings.CostWindowSeconds);
        var started = timeProvider.GetTimestamp();
        PrometheusQueryResult range;
        try
        {
            range = await prometheus.QueryRangeAsync(query.Expression, context.At - window, context.At, TimeSpan.FromSeconds(settings.CostStepSeconds), cancellationToken).ConfigureAwait(false);
        }
        catch (PrometheusException ex)
        {
            return Reject(query, $"too costly or failing over the {Minutes(window)} window ({ex.ErrorType}): {ex.Message}", count);
        }

        var elapsed = timeProvider.GetElapsedTime(started).TotalMilliseconds;
        if (elapsed > settings.MaxQueryMilliseconds)
        {
            return Reject(query, string.Create(CultureInfo.InvariantCulture,
                $"too costly: {elapsed:0} ms over the {Minutes(window)} window; the bound is {settings.MaxQueryMilliseconds} ms"), count, elapsed);
        }

        if (range.Series.Count > settings.MaxSeries)
        {
            return Reject(query, $"unbounded cardinality: {range.Series.Count} series over the {Minutes(window)} window exceed the bound of {settings.MaxSeries}", count, elapsed);
        }

        return new ProposedQueryDecision(query, true,
            string.Create(CultureInfo.InvariantCulture, $"accepted: {count} {query.EntityType} series, {elapsed:0} ms over the {Minutes(window)} window"),
            count, elapsed, timeProvider.GetUtcNow());
    }

    private static string? CheckText(ProposedQuery query, ProposalContext context)
    {
        if (!QueryId().IsMatch(query.Id))
        {
            return $"id '{Truncate(query.Id)}' must be 1-64 lower-case letters, digits and '_'";
        }

        if (context.Catalog.Any(e => e.Id == query.Id))
        {
            return $"id '{query.Id}' is already in the catalog";
        }

        if (string.IsNullOrWhiteSpace(query.Expression) || query.Expression.Length > MaxExpressionLength)
        {
            return $"the expression is empty or longer than {MaxExpressionLength} characters";
        }

        if (context.Catalog.Any(e => string.Equals(e.Expression.Trim(), query.Expression.Trim(), StringComparison.Ordinal)))
        {
            return "the same query is already in the catalog";
        }

        if (!QueryEntityTypes.All.Contains(query.EntityType))
        {
            return $"entity type '{Truncate(query.EntityType)}' is not one of {string.Join(", ", QueryEntityTypes.All)}";
        }

        if (!context.PoorlyCovered.Contains(query.EntityType))
        {
            return $"irrelevant: {query.EntityType} is already well covered by the catalog; proposals were asked for {string.Join(", ", context.PoorlyCovered)}";
        }

        return null;
    }

    private static string? CheckEntities(ProposedQuery query, IReadOnlyList<PrometheusSeries> series, KnownEntities known)
    {
        var entities = new HashSet<EntityKey>();
        var unknown = new List<EntityKey>();
        foreach (var s in series)
        {
            if (EntityKey.Of(s) is not { } key)
            {
                return $"irrelevant: series {{{Describe(s)}}} names no pod, deployment, statefulset, daemonset or node";
            }

            if (key.Type != query.EntityType)
            {
                return $"its series name {key.Type}s (e.g. {key}), not {query.EntityType}s";
            }

            entities.Add(key);
            if (!known.Contains(key))
            {
                unknown.Add(key);
            }
        }

        if (unknown.Count > 0)
        {
            return $"{unknown.Count} of {series.Count} series name entities kube-state-metrics does not know (e.g. {unknown[0]})";
        }

        if (entities.Count < series.Count)
        {
            var by = QueryEntityTypes.IsNamespaced(query.EntityType) ? $"namespace, {QueryEntityTypes.NameLabel(query.EntityType)}" : QueryEntityTypes.NameLabel(query.EntityType);
            return $"unbounded cardinality: {series.Count} series for {entities.Count} {query.EntityType}s; aggregate to one series per {query.EntityType} (by ({by}))";
        }

        return null;
    }

    private ProposedQueryDecision Reject(ProposedQuery query, string reason, int? count = null, double? elapsed = null) =>
        new(query, false, reason, count, elapsed, timeProvider.GetUtcNow());

    private static string Describe(PrometheusSeries series) =>
        string.Join(", ", series.Labels.Where(l => l.Key != "__name__").OrderBy(l => l.Key, StringComparer.Ordinal).Take(6).Select(l => $"{l.Key}=\"{Truncate(l.Value)}\""));

    private static string Minutes(TimeSpan window) => string.Create(CultureInfo.InvariantCulture, $"{window.TotalMinutes:0.#} min");

    private static string Truncate(string? text) => text is null ? string.Empty : text.Length <= 60 ? text : text[..60] + "…";

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,63}$")]
    private static partial Regex QueryId();
}
