using KubeWise.Core.Entities;

namespace KubeWise.Core.Detection.Features;

/// <summary>
/// One entity's features for one window, laid out by <see cref="Schema"/>. <see cref="Values"/> are the normalised
/// deviations the forest sees (always finite); <see cref="Raw"/> and <see cref="Baseline"/> are what a person reads
/// (NaN for a missing metric).
/// </summary>
public sealed class FeatureVector
{
    private readonly bool[] _present;
    private readonly double[] _values;

    internal FeatureVector(EntityKey entity, FeatureSchema schema, double[] values, double[] raw, double[] baseline, bool[] present)
    {
        _present = present;
        _values = values;
        Entity = entity;
        Schema = schema;
        Values = values;
        Raw = raw;
        Baseline = baseline;
        MissingMetrics = [.. schema.Metrics.Where((_, m) => !present[m]).Select(m => m.Name)];
    }

    public EntityKey Entity { get; }

    public FeatureSchema Schema { get; }

    public IReadOnlyList<double> Values { get; }

    public IReadOnlyList<double> Raw { get; }

    public IReadOnlyList<double> Baseline { get; }

    /// <summary>Metrics of the schema that were absent or had too few usable points; their deviations read 0 (at baseline).</summary>
    public IReadOnlyList<string> MissingMetrics { get; }

    /// <summary>True when at least one metric yielded features, so the row says something about the entity.</summary>
    public bool IsScorable => MissingMetrics.Count < Schema.Metrics.Count;

    internal ReadOnlySpan<double> ValueSpan => _values;

    /// <summary>Whether metric <paramref name="metric"/> of the schema yielded features.</summary>
    public bool HasMetric(int metric) => _present[metric];
}
