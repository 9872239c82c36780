namespace KubeWise.Core.Entities;

/// <summary>
/// An entity's own usual level of one signal, from a coarse look-back over its history (median and median absolute
/// deviation, so the hours of an incident inside the look-back barely move it), with that history kept for onsets.
/// </summary>
/// <param name="Level">Median of the look-back's samples.</param>
/// <param name="Spread">Median absolute deviation from <paramref name="Level"/>, scaled by 1.4826 (a standard deviation for normal noise).</param>
/// <param name="History">The look-back's samples, oldest first, at the coarse step (ends before the window).</param>
public sealed record SignalBaseline(double Level, double Spread, ReadOnlyMemory<MetricSample> History)
{
    /// <summary>Slope of the least-squares line through the look-back, per second (a leak's steady growth).</summary>
    public double TrendPerSecond { get; init; }

    /// <summary>How well that line fits the look-back (R², 0..1): near 1 for a steady ramp, near 0 for noise around a level.</summary>
    public double TrendFit { get; init; }

    /// <summary>Samples the baseline was computed from.</summary>
    public int Points => History.Length;

    /// <summary>First and last time the look-back covers.</summary>
    public DateTimeOffset From => History.Span[0].Timestamp;

    public DateTimeOffset To => History.Span[^1].Timestamp;
}
