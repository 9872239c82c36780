using System.Buffers;
using KubeWise.Core.Entities;

namespace KubeWise.Core.Detection.Features;

/// <summary>The features of one series; allocation-free for windows up to <see cref="StackLimit"/> points.</summary>
internal static class SeriesFeatures
{
    private const int StackLimit = 512;
    private const double TicksPerSecond = TimeSpan.TicksPerSecond;

    /// <summary>Writes the features of <paramref name="kind"/> into the spans; false when the series has too few usable points.</summary>
    public static bool Compute(ReadOnlySpan<MetricSample> samples, MetricKind kind, in FeatureSettings settings,
        Span<double> values, Span<double> raw, Span<double> baseline)
    {
        var length = samples.Length;
        if (length < settings.MinimumPoints)
        {
            return false;
        }

        double[]? rented = null;
        var buffer = length <= StackLimit ? stackalloc double[3 * length] : (rented = ArrayPool<double>.Shared.Rent(3 * length));
        try
        {
            var xs = buffer[..length];
            var ys = buffer.Slice(length, length);
            var dts = buffer.Slice(2 * length, length);
            var n = kind == MetricKind.Counter ? CollectRates(samples, xs, ys, dts) : CollectValues(samples, xs, ys);
            if (n < settings.MinimumPoints)
            {
                return false;
            }

            Fill(xs[..n], ys[..n], dts[..n], kind, settings, values, raw, baseline);
            return true;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<double>.Shared.Return(rented);
            }
        }
    }

    private static int CollectValues(ReadOnlySpan<MetricSample> samples, Span<double> xs, Span<double> ys)
    {
        var n = 0;
        var origin = long.MinValue;
        var previous = long.MinValue;
        foreach (var sample in samples)
        {
            var ticks = sample.Timestamp.UtcTicks;
            if (!double.IsFinite(sample.Value) || ticks <= previous)
            {
                continue;
            }

            if (n == 0)
            {
                origin = ticks;
            }

            xs[n] = (ticks - origin) / TicksPerSecond;
            ys[n] = sample.Value;
            previous = ticks;
            n++;
        }

        return n;
    }

    // A counter becomes its per-step rate; the first usable sample only anchors the next.
    private static int CollectRates(ReadOnlySpan<MetricSample> samples, Span<double> xs, Span<double> ys, Span<double> dts)
    {
        var n = 0;
        var origin = long.MinValue;
        var previousTicks = long.MinValue;
        var previousValue = double.NaN;
        foreach (var sample in samples)
        {
            var ticks = sample.Timestamp.UtcTicks;
            if (!double.IsFinite(sample.Value) || ticks <= previousTicks)
            {
                continue;
            }

            if (previousTicks == long.MinValue)
            {
                origin = ticks;
            }
            else
            {
                var dt = (ticks - previousTicks) / TicksPerSecond;
                xs[n] = (ticks - origin) / TicksPerSecond;
                ys[n] = CounterMath.Step(previousValue, sample.Value) / dt;
                dts[n] = dt;
                n++;
            }

            previousTicks = ticks;
            previousValue = sample.Value;
        }

        return n;
    }

    private static void Fill(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys, ReadOnlySpan<double> dts, MetricKind kind,
        in FeatureSettings settings, Span<double> values, Span<double> raw, Span<double> baseline)
    {
        var n = xs.Length;
        var recentCount = Math.Clamp((int)Math.Round(n * settings.RecentFraction), 1, n - 3);
        var split = n - recentCount;
        var shift = ys[0];
        var old = SegmentSums.Of(xs[..split], ys[..split], shift);
        var recent = SegmentSums.Of(xs[split..], ys[split..], shift);
        var all = old.Plus(recent);

        var baseMean = old.Mean + shift;
        var baseNoise = old.Noise;
        var scale = Math.Max(baseNoise, Math.Max(settings.RelativeScaleFloor * Math.Abs(baseMean), settings.AbsoluteScaleFloor));
        var level = Math.Max(Math.Abs(baseMean), scale);
        // A tenth of the scale floor: small enough that a flat-line reads as a collapse of the noise, large enough
        // that a series that was already constant and stays constant reads as no change.
        var epsilon = Math.Max(settings.RelativeScaleFloor * 0.1 * Math.Abs(baseMean), settings.AbsoluteScaleFloor);
        var recentNoise = recent.Noise;
        var last = ys[n - 1];
        var previous = ys[n - 2];
        var duration = xs[n - 1] - xs[0];
        var output = new FeatureOutput(values, raw, baseline, settings.DeviationLimit);

        output.Set(FeatureStatistic.Last, last, baseMean, (last - baseMean) / level);
        output.Set(FeatureStatistic.Mean, recent.Mean + shift, baseMean, (recent.Mean - old.Mean) / scale);
        output.Set(FeatureStatistic.Std, double.IsNaN(recentNoise) ? 0 : recentNoise, baseNoise,
            double.IsNaN(recentNoise) ? 0 : Math.Log((recentNoise + epsilon) / (baseNoise + epsilon)));
        output.Set(FeatureStatistic.Min, recent.Min + shift, old.Min + shift, (recent.Min - old.Min) / scale);
        output.Set(FeatureStatistic.Max, recent.Max + shift, old.Max + shift, (recent.Max - old.Max) / scale);
        output.Set(FeatureStatistic.Slope, all.Slope, old.Slope, duration > 0 ? all.Slope * duration / scale : 0);
        output.Set(FeatureStatistic.Diff, last - previous, 0, (last - previous) / scale);
        output.Set(FeatureStatistic.ZScore, last, baseMean, (last - baseMean) / scale);
        if (kind == MetricKind.Counter)
        {
            var baseRate = WeightedMean(ys[..split], dts[..split]);
            var recentRate = WeightedMean(ys[split..], dts[split..]);
            output.Set(FeatureStatistic.Rate, recentRate, baseRate, (recentRate - baseRate) / scale);
        }
    }

    private readonly ref struct FeatureOutput(Span<double> values, Span<double> raw, Span<double> baseline, double limit)
    {
        private readonly Span<double> _values = values;
        private readonly Span<double> _raw = raw;
        private readonly Span<double> _baseline = baseline;

        public void Set(FeatureStatistic statistic, double value, double reference, double deviation)
        {
            var i = (int)statistic;
            _raw[i] = value;
            _baseline[i] = reference;
            _values[i] = double.IsNaN(deviation) ? 0 : Math.Clamp(deviation, -limit, limit);
        }
    }

    // Per-step rates weighted by their step length: total increase over total time, as Prometheus' rate() means it.
    private static double WeightedMean(ReadOnlySpan<double> rates, ReadOnlySpan<double> dts)
    {
        var increase = 0.0;
        var time = 0.0;
        for (var i = 0; i < rates.Length; i++)
        {
            increase += rates[i] * dts[i];
            time += dts[i];
        }

        return time > 0 ? increase / time : 0;
    }
}
