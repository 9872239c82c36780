using KubeWise.Core.Detection.Entities;
using KubeWise.Core.Detection.Features;

namespace KubeWise.Core.Detection.Detectors;

/// <summary>
/// A metric that varied and then froze: every recent point identical while the baseline had real noise (a hung
/// process, a stuck exporter, traffic that stopped). The forest sees this only in one feature of a metric's block,
/// which isolates too slowly to cross the threshold, so it is checked here, on the same features.
/// </summary>
public sealed class FlatLineDetector : IAnomalyDetector
{
    private const int MinimumFlatPoints = 3;
    private readonly FeatureSettings _settings;

    public FlatLineDetector(DetectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _settings = FeatureSettings.From(options);
    }

    public string Name => "FlatLine";

    public Anomaly? Detect(EntityWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        Span<double> values = stackalloc double[9];
        Span<double> raw = stackalloc double[9];
        Span<double> baseline = stackalloc double[9];
        var flat = new List<(string Metric, double Noise, double BaselineNoise, double Deviation, double Level)>();
        foreach (var series in window.Metrics)
        {
            if (series.Samples.Length * _settings.RecentFraction < MinimumFlatPoints - 0.5
                || !SeriesFeatures.Compute(series.Samples.Span, series.Kind, _settings, values, raw, baseline))
            {
                continue;
            }

            var level = raw[(int)FeatureStatistic.Max];
            var spread = level - raw[(int)FeatureStatistic.Min];
            var baseNoise = baseline[(int)FeatureStatistic.Std];
            var baseLevel = baseline[(int)FeatureStatistic.Mean];
            var floor = Math.Max(_settings.RelativeScaleFloor * Math.Abs(baseLevel), _settings.AbsoluteScaleFloor);
            if (spread <= 1e-12 * Math.Max(1, Math.Abs(level)) && baseNoise > floor)
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
}
