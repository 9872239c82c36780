using System.Text.RegularExpressions;
using KubeWise.Core.Entities;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Metrics.Catalog;

/// <summary>
/// The queries a scan may run: the built-ins, the ones from configuration (<see cref="PrometheusOptions.DefaultQueries"/>)
/// and validated additions tagged with their origin. Thread-safe; additions apply from the next cycle on.
/// </summary>
public sealed partial class QueryCatalog
{
    private readonly Lock _gate = new();
    private IReadOnlyList<CatalogQuery> _queries;

    public QueryCatalog(IOptions<PrometheusOptions> options)
        : this(options?.Value.DefaultQueries ?? throw new ArgumentNullException(nameof(options)))
    {
    }

    /// <param name="configured">Raw PromQL from configuration; an invalid one is kept out and listed in <see cref="Rejected"/>.</param>
    public QueryCatalog(IEnumerable<string> configured)
    {
        ArgumentNullException.ThrowIfNull(configured);
        _queries = BuiltInQueries.All;
        var rejected = new List<CatalogAddition>();
        var index = 0;
        foreach (var expression in configured)
        {
            index++;
            var result = TryAdd(FromExpression($"config_{index}", expression, QueryOrigin.Configuration));
            if (!result.Accepted)
            {
                rejected.Add(result);
            }
        }

        Rejected = rejected;
    }

    /// <summary>Every query, built-ins first, then additions in the order they were accepted.</summary>
    public IReadOnlyList<CatalogQuery> Queries
    {
        get
        {
            lock (_gate)
            {
                return _queries;
            }
        }
    }

    /// <summary>Configured queries that were not accepted, with the reasons.</summary>
    public IReadOnlyList<CatalogAddition> Rejected { get; }

    /// <summary>
    /// A query read from raw PromQL: it measures whatever its result labels name (<see cref="QueryTarget.Auto"/>), is
    /// scored by the forest as a gauge, and requires the metric names the text selects.
    /// </summary>
    public static CatalogQuery FromExpression(string id, string expression, QueryOrigin origin) =>
        new(id, expression?.Trim() ?? string.Empty, PromQlText.MetricNames(expression ?? string.Empty), QueryTarget.Auto, MetricKind.Gauge, origin)
        {
            IsFeature = true,
            Aggregation = SeriesAggregation.Max,
            Description = $"From {origin}: {expression}",
        };

    /// <summary>Validates and adds <paramref name="query"/>; a rejected query changes nothing and says why.</summary>
    public CatalogAddition TryAdd(CatalogQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_gate)
        {
            var problems = Validate(query, _queries);
            if (problems.Count > 0)
            {
                return new CatalogAddition(query.Id, query.Expression, query.Origin, problems);
            }

            _queries = [.. _queries, query];
            return new CatalogAddition(query.Id, query.Expression, query.Origin, []);
        }
    }

    /// <summary>What is wrong with <paramref name="query"/> as an addition to <paramref name="existing"/>.</summary>
    public static IReadOnlyList<string> Validate(CatalogQuery query, IReadOnlyList<CatalogQuery> existing)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(existing);
        var problems = new List<string>();
        if (!QueryId().IsMatch(query.Id))
        {
            problems.Add($"id '{query.Id}' must be lower-case letters, digits and '_' (at most 64)");
        }
        else if (existing.Any(q => string.Equals(q.Id, query.Id, StringComparison.Ordinal)))
        {
            problems.Add($"id '{query.Id}' is already in the catalog");
        }

        problems.AddRange(PromQlText.Problems(query.Expression));
        if (existing.Any(q => string.Equals(q.Expression, query.Expression, StringComparison.Ordinal)))
        {
            problems.Add("the same query is already in the catalog");
        }

        problems.AddRange(query.RequiredMetrics.Where(m => !PromQlText.IsMetricName(m)).Select(m => $"'{m}' is not a metric name"));
        return problems;
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,63}$")]
    private static partial Regex QueryId();
}

/// <summary>The outcome of adding a query: accepted when <see cref="Problems"/> is empty.</summary>
public sealed record CatalogAddition(string Id, string Expression, QueryOrigin Origin, IReadOnlyList<string> Problems)
{
    public bool Accepted => Problems.Count == 0;

    public override string ToString() => Accepted ? $"{Id} ({Origin}): accepted" : $"{Id} ({Origin}): {string.Join("; ", Problems)}";
}
