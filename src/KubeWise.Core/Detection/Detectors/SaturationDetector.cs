using System.Globalization;
using KubeWise.Core.Entities;
using KubeWise.Core.Metrics.Catalog;

namespace KubeWise.Core.Detection.Detectors;

/// <summary>
/// CPU or memory use near the limit that departs from the workload's own baseline: at least
/// <see cref="DetectionOptions.SaturationRatio"/> of the limit now, and risen by at least
/// <see cref="DetectionOptions.SaturationMinimumShift"/> of the limit (and five baseline spreads) above its usual level.
/// A workload that runs at 95 % of its limit all day is normal; one pinned at its limit since 15 minutes ago after hours
/// at 30 % is not. Without a baseline of at least an hour nothing is judged. The evidence names the baseline, since when
/// use has departed from it (from the look-back, not the window's edge) and, while it grows, when it reaches the limit
/// at the recent trend (as Prometheus' <c>predict_linear</c> would say).
/// </summary>
public sealed class SaturationDetector : IAnomalyDetector
{
    /// <summary>Fewest look-back samples a baseline needs (an hour at the default 5-minute step).</summary>
    public const int MinimumBaselinePoints = 12;

    private readonly string _signal;
    private readonly string _resource;
    private readonly double _ratio;
    private readonly double _minimumShift;

    private SaturationDetector(string name, string signal, string resource, DetectionOptions options)
    {
        Name = name;
        _signal = signal;
        _resource = resource;
        _ratio = options.SaturationRatio;
        _minimumShift = options.SaturationMinimumShift;
    }

    public static SaturationDetector Memory(DetectionOptions options) =>
        new(DetectorIds.MemoryNearLimit, BuiltInQueries.MemoryLimitRatio, "memory", options ?? throw new ArgumentNullException(nameof(options)));

    public static SaturationDetector Cpu(DetectionOptions options) =>
        new(DetectorIds.CpuNearLimit, BuiltInQueries.CpuLimitRatio, "CPU", options ?? throw new ArgumentNullException(nameof(options)));

    public string Name { get; }

    public Anomaly? Detect(EntityWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (!window.Facts.Baselines.TryGetValue(_signal, out var baseline) || baseline.Points < MinimumBaselinePoints
            || window.Metrics.FirstOrDefault(m => m.Name == _signal) is not { } series)
        {
            return null;
        }

        var samples = Finite(series.Samples.Span);
        if (samples.Count < 4)
        {
            return null;
        }

        // The recent level: the mean of the last fifth of the window (at least three samples), so one spike is not a state.
        var recent = samples.Skip(samples.Count - Math.Max(3, samples.Count / 5)).Average(s => s.Value);
        var shift = Math.Max(_minimumShift, 5 * baseline.Spread);
        if (recent < _ratio)
        {
            return null;
        }

        if (recent - baseline.Level < shift)
        {
            return Growing(window, baseline, samples, recent);
        }

        var threshold = baseline.Level + shift;
        var since = Onset(samples, baseline, threshold);
        var deviation = (recent - baseline.Level) / Math.Max(baseline.Spread, 0.01);
        var hours = (samples[0].Timestamp - baseline.From).TotalHours;
        var evidence = new List<Evidence>
        {
            new(_signal,
                $"{_resource} at {Percent(recent)} of its limit since {Time(since)} (baseline {Percent(baseline.Level)} ± {Percent(baseline.Spread)} over the previous {hours:0.#} h)",
                recent, baseline.Level, deviation, 0.7) { Onset = since },
        };
        if (TimeToLimit(samples) is { } trend)
        {
            evidence.Add(new(_signal + ".time_to_limit_seconds",
                $"{_resource} reaches its limit in ~{Minutes(trend.Seconds)} (growing {Percent(trend.PerTenMinutes)}/10 min since {Time(since)})",
                trend.Seconds, null, null, 0.3) { Onset = since });
        }
        else
        {
            evidence[0] = evidence[0] with { Contribution = 1.0 };
        }

        var severity = recent >= 0.98 ? AnomalySeverity.Critical : AnomalySeverity.Warning;
        return DetectorFinding.Create(window, Name, severity, [.. evidence]);
    }

    /// <summary>
    /// Near the limit after growing steadily through the whole look-back (a slow leak: its baseline is the ramp itself):
    /// the look-back's line fits well (R² at least <see cref="MinimumTrendFit"/>), rises at least
    /// <see cref="MinimumGrowthPerTenMinutes"/> of the limit per 10 minutes, and reaches the limit within a day.
    /// </summary>
    private Anomaly? Growing(EntityWindow window, SignalBaseline baseline, List<MetricSample> samples, double recent)
    {
        var perTenMinutes = baseline.TrendPerSecond * 600;
        if (baseline.TrendFit < MinimumTrendFit || perTenMinutes < MinimumGrowthPerTenMinutes || recent >= 1)
        {
            return null;
        }

        var seconds = (1 - recent) / baseline.TrendPerSecond;
        if (seconds > TimeSpan.FromDays(1).TotalSeconds)
        {
            return null;
        }

        var hours = (samples[0].Timestamp - baseline.From).TotalHours;
        return DetectorFinding.Create(window, Name, recent >= 0.95 ? AnomalySeverity.Critical : AnomalySeverity.Warning,
            new Evidence(_signal + ".time_to_limit_seconds",
                $"{_resource} reaches its limit in ~{Minutes(seconds)} (at {Percent(recent)} now, growing {Percent(perTenMinutes)}/10 min since at least {Time(baseline.From)}: the whole {hours:0.#} h look-back, R² {baseline.TrendFit:0.00})",
                seconds, null, null, 0.6) { Onset = baseline.From },
            new Evidence(_signal,
                $"{_resource} at {Percent(recent)} of its limit (baseline: a steady rise from {Percent(baseline.History.Span[0].Value)} over the previous {hours:0.#} h)",
                recent, baseline.Level, (recent - baseline.Level) / Math.Max(baseline.Spread, 0.01), 0.4));
    }

    /// <summary>Least R² of the look-back's line for a steady rise.</summary>
    public const double MinimumTrendFit = 0.8;

    /// <summary>Least rise per 10 minutes, as a share of the limit, that counts as growth (0.2 %).</summary>
    public const double MinimumGrowthPerTenMinutes = 0.002;

    private static List<MetricSample> Finite(ReadOnlySpan<MetricSample> span)
    {
        var list = new List<MetricSample>(span.Length);
        foreach (var sample in span)
        {
            if (double.IsFinite(sample.Value))
            {
                list.Add(sample);
            }
        }

        return list;
    }

    /// <summary>Start of the run above <paramref name="threshold"/> that reaches now: through the window, then on through the look-back.</summary>
    private static DateTimeOffset Onset(List<MetricSample> window, SignalBaseline baseline, double threshold)
    {
        var since = window[^1].Timestamp;
        for (var i = window.Count - 1; i >= 0; i--)
        {
            if (window[i].Value < threshold)
            {
                return since;
            }

            since = window[i].Timestamp;
        }

        var history = baseline.History.Span;
        for (var i = history.Length - 1; i >= 0; i--)
        {
            if (history[i].Timestamp >= window[0].Timestamp || !double.IsFinite(history[i].Value))
            {
                continue;
            }

            if (history[i].Value < threshold)
            {
                return since;
            }

            since = history[i].Timestamp;
        }

        return since;
    }

    /// <summary>When the recent trend (least squares over the window) reaches the limit; null when use is not growing or is at the limit already.</summary>
    private static (double Seconds, double PerTenMinutes)? TimeToLimit(List<MetricSample> samples)
    {
        var origin = samples[0].Timestamp;
        var xs = samples.Select(s => (s.Timestamp - origin).TotalSeconds).ToArray();
        var ys = samples.Select(s => s.Value).ToArray();
        var (intercept, slope) = MathNet.Numerics.Fit.Line(xs, ys);
        var now = intercept + (slope * xs[^1]);
        // At the limit already (CPU pinned and throttled) or barely moving: no prediction to make.
        if (!(slope * 600 >= MinimumGrowthPerTenMinutes * 2.5) || now >= 0.97)
        {
            return null;
        }

        var seconds = (1 - now) / slope;
        return seconds <= TimeSpan.FromDays(1).TotalSeconds ? (seconds, slope * 600) : null;
    }

    private static string Percent(double ratio) => (ratio * 100).ToString(ratio < 0.1 ? "0.#" : "0", CultureInfo.InvariantCulture) + " %";

    private static string Minutes(double seconds) => seconds < 5400
        ? $"{Math.Max(1, Math.Round(seconds / 60)).ToString(CultureInfo.InvariantCulture)} min"
        : $"{(seconds / 3600).ToString("0.#", CultureInfo.InvariantCulture)} h";

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
