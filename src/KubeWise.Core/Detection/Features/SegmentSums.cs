namespace KubeWise.Core.Detection.Features;

/// <summary>
/// Running sums of one segment of a series (values shifted by the series' first value, so large levels such as
/// bytes keep their precision). Sums add, so the whole window is baseline + recent without a second pass.
/// </summary>
internal struct SegmentSums
{
    public int Count;
    public double Sx;
    public double Sy;
    public double Sxx;
    public double Sxy;
    public double Syy;
    public double Min;
    public double Max;

    public static SegmentSums Of(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys, double shift)
    {
        var sums = new SegmentSums { Min = double.PositiveInfinity, Max = double.NegativeInfinity, Count = xs.Length };
        for (var i = 0; i < xs.Length; i++)
        {
            var x = xs[i];
            var y = ys[i] - shift;
            sums.Sx += x;
            sums.Sy += y;
            sums.Sxx += x * x;
            sums.Sxy += x * y;
            sums.Syy += y * y;
            if (y < sums.Min)
            {
                sums.Min = y;
            }

            if (y > sums.Max)
            {
                sums.Max = y;
            }
        }

        return sums;
    }

    public readonly SegmentSums Plus(in SegmentSums other) => new()
    {
        Count = Count + other.Count,
        Sx = Sx + other.Sx,
        Sy = Sy + other.Sy,
        Sxx = Sxx + other.Sxx,
        Sxy = Sxy + other.Sxy,
        Syy = Syy + other.Syy,
        Min = Math.Min(Min, other.Min),
        Max = Math.Max(Max, other.Max),
    };

    /// <summary>Mean of the shifted values.</summary>
    public readonly double Mean => Sy / Count;

    private readonly double CenteredXx => Sxx - (Sx * Sx / Count);

    private readonly double CenteredXy => Sxy - (Sx * Sy / Count);

    private readonly double CenteredYy => Math.Max(0, Syy - (Sy * Sy / Count));

    /// <summary>Least-squares slope per second; 0 when all points share one time.</summary>
    public readonly double Slope => CenteredXx > 0 ? CenteredXy / CenteredXx : 0;

    /// <summary>
    /// Noise: the standard deviation around the least-squares line (so a steady trend is not counted as noise) from
    /// four points on, the plain standard deviation for two or three, NaN for one.
    /// </summary>
    public readonly double Noise
    {
        get
        {
            if (Count >= 4)
            {
                var xx = CenteredXx;
                var residual = xx > 0 ? CenteredYy - (CenteredXy * CenteredXy / xx) : CenteredYy;
                return Math.Sqrt(Math.Max(0, residual) / (Count - 2));
            }

            return Count >= 2 ? Math.Sqrt(CenteredYy / (Count - 1)) : double.NaN;
        }
    }
}
