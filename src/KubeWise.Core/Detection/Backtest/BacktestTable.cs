namespace KubeWise.Core.Detection.Backtest;

/// <summary>
/// A parsed metrics export, sorted by time: one timestamp per row (kept verbatim for the output) and one numeric column
/// per metric.
/// </summary>
/// <param name="RawTimestamps">The timestamps exactly as written in the input, in time order.</param>
/// <param name="Times">The parsed timestamps, non-decreasing; rows with equal times are in file order.</param>
/// <param name="Columns">Metric column names, in input order.</param>
/// <param name="Values">Per column, one value per row; NaN where a cell was empty.</param>
public sealed record BacktestTable(IReadOnlyList<string> RawTimestamps, IReadOnlyList<DateTimeOffset> Times, IReadOnlyList<string> Columns, IReadOnlyList<double[]> Values)
{
    public int RowCount => RawTimestamps.Count;

    /// <summary>Rows whose time equals the row before them once sorted (a daylight-saving hour, a re-sent sample).</summary>
    public int RepeatedTimestamps { get; init; }

    /// <summary>Rows whose time is before the previous row's in the file: the input was not in time order.</summary>
    public int OutOfOrderRows { get; init; }

    /// <summary>
    /// The times the features see: <see cref="Times"/> with each repeat moved one tick (100 ns) after the row before
    /// it, so every row is its own point, in file order, and the live path's strictly-increasing rule keeps it.
    /// </summary>
    public DateTimeOffset[] DistinctTimes()
    {
        var result = new DateTimeOffset[Times.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = i > 0 && Times[i] <= result[i - 1] ? result[i - 1].AddTicks(1) : Times[i];
        }

        return result;
    }
}
