using KubeWise.Core.Entities;
using MathNet.Numerics.Statistics;

namespace KubeWise.Core.Scanning;

/// <summary>Robust level and spread of a look-back: the median, and the median absolute deviation scaled to a standard deviation.</summary>
public static class BaselineStatistics
{
    /// <summary>1 / Φ⁻¹(3/4): makes the median absolute deviation of normal noise equal its standard deviation.</summary>
    public const double MadToSigma = 1.4826;

    /// <param name="samples">The look-back, oldest first, finite values only; at least one.</param>
    public static SignalBaseline Of(IReadOnlyList<MetricSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            throw new ArgumentException("A baseline needs at least one sample.", nameof(samples));
        }

        var values = samples.Select(s => s.Value).ToArray();
        var level = values.Median();
        var spread = MadToSigma * values.Select(v => Math.Abs(v - level)).Median();
        double slope = 0, fit = 0;
        if (samples.Count >= 3)
        {
            var origin = samples[0].Timestamp;
            var xs = samples.Select(s => (s.Timestamp - origin).TotalSeconds).ToArray();
            (var intercept, slope) = MathNet.Numerics.Fit.Line(xs, values);
            var fitted = xs.Select(x => intercept + (slope * x));
            fit = values.Variance() > 0 ? MathNet.Numerics.GoodnessOfFit.RSquared(fitted, values) : 0;
        }

        return new SignalBaseline(level, spread, samples.ToArray()) { TrendPerSecond = double.IsFinite(slope) ? slope : 0, TrendFit = double.IsFinite(fit) ? fit : 0 };
    }
}
