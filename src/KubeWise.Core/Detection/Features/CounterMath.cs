using KubeWise.Core.Entities;

namespace KubeWise.Core.Detection.Features;

/// <summary>Counter arithmetic with Prometheus' reset rule: a drop means the counter restarted from zero.</summary>
public static class CounterMath
{
    /// <summary>Total increase across <paramref name="samples"/>, skipping NaN/infinite values and out-of-order points.</summary>
    public static double Increase(ReadOnlySpan<MetricSample> samples)
    {
        var total = 0.0;
        var previous = double.NaN;
        var previousTicks = long.MinValue;
        foreach (var sample in samples)
        {
            var ticks = sample.Timestamp.UtcTicks;
            if (!double.IsFinite(sample.Value) || ticks <= previousTicks)
            {
                continue;
            }

            if (!double.IsNaN(previous))
            {
                total += Step(previous, sample.Value);
            }

            previous = sample.Value;
            previousTicks = ticks;
        }

        return total;
    }

    /// <summary>Increase from <paramref name="previous"/> to <paramref name="current"/>; after a reset the new value is all increase.</summary>
    public static double Step(double previous, double current) => current >= previous ? current - previous : Math.Max(current, 0);
}
