using KubeWise.Core.Entities;
using KubeWise.Core.Detection.Features;

namespace KubeWise.Core.Detection.Detectors;

/// <summary>
/// A gauge that varied and then froze: every recent point identical while the baseline changed at almost every step,
/// frozen at a value inside the baseline's range (a hung process, a stuck exporter: Prometheus repeats a vanished
/// series' last value for five minutes). The forest sees this in only one feature of a metric's block, which isolates
/// too slowly to cross the threshold, so it is checked here. Left alone on purpose: counters (a sporadic error counter
/// going quiet is good news), gauges resting at their floor (an idle queue at 0) and step-like gauges (replicas, limits).
/// </summary>
public sealed class FlatLineDetector : IAnomalyDetector
{
    private const int MinimumFlatPoints = 3;
    private const double MinimumChangingSteps = 0.8;
    private readonly FeatureSettings _settings;

    public FlatLineDetector(DetectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _settings = FeatureSettings.From(options);
    }

    public string Name => DetectorIds.FlatLine;

    public Anomaly? Detect(EntityWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        Span<double> values = stackalloc double[FeatureSchema.MaxStatisticsPerMetric];
        Span<double> raw = stackalloc double[FeatureSchema.MaxStatisticsPerMetric];
        Span<double> baseline = stackalloc double[FeatureSchema.MaxStatisticsPerMetric];
        var flat = new List<(string Metric, double Noise, double BaselineNoise, double Deviation, double Level)>();
        foreach (var series in window.Metrics)
        {
            if (series.Kind != MetricKind.Gauge
                || series.Samples.Length * _settings.RecentFraction < MinimumFlatPoints - 0.5
                || !SeriesFeatures.Compute(series.Samples.Span, series.Kind, _settings, values, raw, baseline))
            {
                continue;
            }

            var level = raw[(int)FeatureStatistic.Max];
            var spread = level - raw[(int)FeatureStatistic.Min];
            var baseNoise = baseline[(int)FeatureStatistic.Std];
            var baseLevel = baseline[(int)FeatureStatistic.Mean];
            var floor = Math.Max(_settings.RelativeScaleFloor * Math.Abs(baseLevel), _settings.AbsoluteScaleFloor);
            var insideRange = level > baseline[(int)FeatureStatistic.Min] && level < baseline[(int)FeatureStatistic.Max];
            if (spread <= 1e-12 * Math.Max(1, Math.Abs(level)) && baseNoise > floor && insideRange && BaselineKeptChanging(series.Samples.Span))
            {
                flat.Add((series.Name, raw[(int)FeatureStatistic.Std], baseNoise, values[(int)FeatureStatistic.Std], level));
            }
        }

        if (flat.Count == 0)
        {
            return null;
        }

        var evidence = flat
            .OrderBy(f => f.Deviation)
            .Select(f => new Evidence(
                $"{f.Metric}.std",
                $"{f.Metric} stopped varying at {DetectorFinding.Format(f.Level)}: recent noise {DetectorFinding.Format(f.Noise)} vs baseline noise {DetectorFinding.Format(f.BaselineNoise)}",
                f.Noise, f.BaselineNoise, f.Deviation, 1.0 / flat.Count))
            .ToArray();
        return DetectorFinding.Create(window, Name, AnomalySeverity.Warning, evidence);
    }

    // Continuous signals (CPU, memory, latency) change at nearly every scrape; step-like gauges do not.
    private bool BaselineKeptChanging(ReadOnlySpan<MetricSample> samples)
    {
        var usable = 0;
        foreach (var sample in samples)
        {
            usable += double.IsFinite(sample.Value) ? 1 : 0;
        }

        var recent = Math.Clamp((int)Math.Round(usable * _settings.RecentFraction), 1, usable - 3);
        var baselineCount = usable - recent;
        int steps = 0, changes = 0, seen = 0;
        var previous = double.NaN;
        foreach (var sample in samples)
        {
            if (!double.IsFinite(sample.Value))
            {
                continue;
            }

            if (++seen > baselineCount)
            {
                break;
            }

            if (!double.IsNaN(previous))
            {
                steps++;
                changes += sample.Value != previous ? 1 : 0;
            }

            previous = sample.Value;
        }

        return steps > 0 && changes >= MinimumChangingSteps * steps;
    }
}
