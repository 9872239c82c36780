namespace KubeWise.Core.Detection.Backtest;

/// <summary>How <see cref="BacktestScorer"/> trains and scores.</summary>
/// <param name="Window">Rows per feature window (the row itself and the rows before it).</param>
/// <param name="TrainRows">Train on this many first rows; null for <paramref name="TrainFraction"/> or the default.</param>
/// <param name="TrainFraction">Train on this share of the rows; null for the default.</param>
/// <param name="Detection">Forest size, ψ, seed and feature settings: the live path's options.</param>
public sealed record BacktestSettings(int Window, int? TrainRows, double? TrainFraction, DetectionOptions Detection)
{
    public const int DefaultWindow = 20;
    public const double DefaultTrainFraction = 0.15;
    public const int DefaultMaxTrainRows = 750;

    /// <summary>The training row count for a file of <paramref name="rows"/> rows: explicit, a fraction, or 15 % capped at 750.</summary>
    public int TrainRowsFor(int rows)
    {
        if (TrainRows is { } n)
        {
            return Math.Min(n, rows);
        }

        if (TrainFraction is { } f)
        {
            return (int)Math.Round(f * rows, MidpointRounding.AwayFromZero);
        }

        return Math.Min(DefaultMaxTrainRows, (int)Math.Round(DefaultTrainFraction * rows, MidpointRounding.AwayFromZero));
    }
}
