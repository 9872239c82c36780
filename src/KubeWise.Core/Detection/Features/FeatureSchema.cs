using System.Collections.Frozen;
using KubeWise.Core.Entities;

namespace KubeWise.Core.Detection.Features;

/// <summary>
/// The stable, named feature layout of one entity type: metrics in ordinal name order, each expanded into its
/// statistics as <c>metric.statistic</c>. A forest is only ever scored with the schema it was trained with.
/// </summary>
public sealed class FeatureSchema
{
    private static readonly FeatureStatistic[] GaugeStatistics =
    [
        FeatureStatistic.Last, FeatureStatistic.Mean, FeatureStatistic.Std, FeatureStatistic.Min,
        FeatureStatistic.Max, FeatureStatistic.Slope, FeatureStatistic.Diff, FeatureStatistic.ZScore,
    ];

    private static readonly FeatureStatistic[] CounterStatistics = [.. GaugeStatistics, FeatureStatistic.Rate];

    /// <summary>
    /// The statistics the forest isolates on, one block of these per metric: the newest value, the recent mean and
    /// the trend, each against the entity's own baseline. A spike, a level shift and a slow leak each move at least
    /// two of them together. The other statistics are for people (and the flat-line detector reads the noise).
    /// </summary>
    /// <remarks>
    /// Measured on generated deployments (3 metrics, ψ = 256): one row of all 25 features put injected incidents near
    /// -0.07, because random splits mostly land on features the incident did not move; nine statistics per metric
    /// block reach about -0.2; these three reach about -0.26, and a pure flat-line stays near -0.1 in any block.
    /// </remarks>
    public static IReadOnlyList<FeatureStatistic> ForestStatistics { get; } = [FeatureStatistic.ZScore, FeatureStatistic.Mean, FeatureStatistic.Slope];

    /// <summary>Width of one metric's forest row (<see cref="ForestStatistics"/>).</summary>
    public static int BlockWidth => ForestStatistics.Count;

    /// <summary>Most statistics any metric has (a counter's), for buffers sized once.</summary>
    public static int MaxStatisticsPerMetric => CounterStatistics.Length;

    private readonly FrozenDictionary<string, int> _metricIndex;
    private readonly int[] _offsets;

    public FeatureSchema(EntityType entityType, IEnumerable<MetricDescriptor> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        EntityType = entityType;
        Metrics = [.. metrics.OrderBy(m => m.Name, StringComparer.Ordinal)];
        if (Metrics.Count == 0)
        {
            throw new ArgumentException("A feature schema needs at least one metric.", nameof(metrics));
        }

        var duplicate = Metrics.GroupBy(m => m.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Metric '{duplicate.Key}' is listed more than once.", nameof(metrics));
        }

        _metricIndex = Metrics.Select((m, i) => (m.Name, i)).ToFrozenDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        _offsets = new int[Metrics.Count + 1];
        var names = new List<string>();
        var metricOf = new List<int>();
        var statistics = new List<FeatureStatistic>();
        for (var m = 0; m < Metrics.Count; m++)
        {
            _offsets[m] = names.Count;
            foreach (var statistic in StatisticsOf(Metrics[m].Kind))
            {
                names.Add($"{Metrics[m].Name}.{statistic.ToString().ToLowerInvariant()}");
                metricOf.Add(m);
                statistics.Add(statistic);
            }
        }

        _offsets[Metrics.Count] = names.Count;
        FeatureNames = names;
        FeatureMetric = metricOf;
        FeatureStatistics = statistics;
    }

    public EntityType EntityType { get; }

    public IReadOnlyList<MetricDescriptor> Metrics { get; }

    /// <summary>One name per feature, in row order: <c>memory_working_set_bytes.slope</c>.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Index into <see cref="Metrics"/> of each feature.</summary>
    public IReadOnlyList<int> FeatureMetric { get; }

    public IReadOnlyList<FeatureStatistic> FeatureStatistics { get; }

    public int FeatureCount => FeatureNames.Count;

    public static IReadOnlyList<FeatureStatistic> StatisticsOf(MetricKind kind) => kind == MetricKind.Counter ? CounterStatistics : GaugeStatistics;

    /// <summary>The metric's index, or -1 when the schema does not score it.</summary>
    public int IndexOfMetric(string name) => _metricIndex.TryGetValue(name, out var index) ? index : -1;

    /// <summary>First feature of metric <paramref name="metric"/>; its features are contiguous.</summary>
    public int FeatureOffset(int metric) => _offsets[metric];

    public int FeatureCountOf(int metric) => _offsets[metric + 1] - _offsets[metric];

    /// <summary>Index in the full row of the <paramref name="k"/>-th forest statistic of <paramref name="metric"/>.</summary>
    public int ForestFeatureIndex(int metric, int k) => _offsets[metric] + (int)ForestStatistics[k];

    /// <summary>Copies the forest block of <paramref name="metric"/> out of a full feature row.</summary>
    public void CopyBlock(ReadOnlySpan<double> row, int metric, Span<double> block)
    {
        for (var k = 0; k < BlockWidth; k++)
        {
            block[k] = row[ForestFeatureIndex(metric, k)];
        }
    }
}
