namespace KubeWise.Core.Detection.Backtest;

/// <summary>A parsed metrics export: one timestamp per row (kept verbatim for the output) and one numeric column per metric.</summary>
/// <param name="RawTimestamps">The timestamps exactly as written in the input.</param>
/// <param name="Times">The parsed timestamps, strictly increasing.</param>
/// <param name="Columns">Metric column names, in input order.</param>
/// <param name="Values">Per column, one value per row; NaN where a cell was empty.</param>
public sealed record BacktestTable(IReadOnlyList<string> RawTimestamps, IReadOnlyList<DateTimeOffset> Times, IReadOnlyList<string> Columns, IReadOnlyList<double[]> Values)
{
    public int RowCount => RawTimestamps.Count;
}
