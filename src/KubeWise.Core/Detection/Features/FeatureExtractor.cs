using KubeWise.Core.Entities;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Detection.Features;

/// <summary>
/// Turns entity windows into feature rows. Each series is judged against its own older points (the entity's baseline),
/// so an always-busy workload reads as normal while a spike, level shift, slow leak or flat-line stands out.
/// Thread-safe; the span overload allocates nothing for ordinary window sizes.
/// </summary>
public sealed class FeatureExtractor
{
    private readonly FeatureSettings _settings;

    public FeatureExtractor(IOptions<DetectionOptions> options)
        : this(options?.Value ?? throw new ArgumentNullException(nameof(options)))
    {
    }

    public FeatureExtractor(DetectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _settings = FeatureSettings.From(options);
    }

    public FeatureVector Extract(EntityWindow window, FeatureSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var values = new double[schema.FeatureCount];
        var raw = new double[schema.FeatureCount];
        var baseline = new double[schema.FeatureCount];
        var present = new bool[schema.Metrics.Count];
        Extract(window, schema, values, raw, baseline, present);
        return new FeatureVector(window.Entity, schema, values, raw, baseline, present);
    }

    /// <summary>
    /// Writes the window's features into spans of <see cref="FeatureSchema.FeatureCount"/> values. Series the schema
    /// does not name are ignored; a metric that is absent or too short gets deviation 0 and NaN raw/baseline values.
    /// </summary>
    /// <param name="present">One slot per schema metric, set to whether it yielded features.</param>
    /// <returns>How many of the schema's metrics yielded features.</returns>
    public int Extract(EntityWindow window, FeatureSchema schema, Span<double> values, Span<double> raw, Span<double> baseline, Span<bool> present)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(schema);
        var count = schema.FeatureCount;
        if (values.Length != count || raw.Length != count || baseline.Length != count || present.Length != schema.Metrics.Count)
        {
            throw new ArgumentException($"Spans must hold {count} features and {schema.Metrics.Count} metric flags.");
        }

        values.Clear();
        raw.Fill(double.NaN);
        baseline.Fill(double.NaN);
        present.Clear();
        var found = 0;
        var metrics = window.Metrics;
        for (var s = 0; s < metrics.Count; s++)
        {
            var series = metrics[s];
            var m = schema.IndexOfMetric(series.Name);
            if (m < 0 || present[m])
            {
                continue;
            }

            var offset = schema.FeatureOffset(m);
            var width = schema.FeatureCountOf(m);
            var ok = SeriesFeatures.Compute(series.Samples.Span, schema.Metrics[m].Kind, _settings,
                values.Slice(offset, width), raw.Slice(offset, width), baseline.Slice(offset, width));
            if (ok)
            {
                present[m] = true;
                found++;
            }
            else
            {
                values.Slice(offset, width).Clear();
                raw.Slice(offset, width).Fill(double.NaN);
                baseline.Slice(offset, width).Fill(double.NaN);
            }
        }

        return found;
    }
}
