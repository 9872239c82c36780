using KubeWise.Core.Entities;
using KubeWise.Core.Detection.Features;

namespace KubeWise.Core.Detection.Backtest;

/// <summary>The result of a backtest: one score per input row (null where the row has too little history).</summary>
public sealed record BacktestResult(IReadOnlyList<double?> Scores, int TrainRows, int TrainingBlocks);

/// <summary>
/// Offline backtest on exported metrics, through exactly the live path's code: each row becomes the window of the
/// rows up to it, features come from <see cref="FeatureExtractor"/>, the model from <see cref="ForestTrainer"/> and
/// the score from <see cref="EntityModel"/> (score = -decision value, so higher is more anomalous).
/// </summary>
public static class BacktestScorer
{
    private static readonly EntityKey Entity = new(EntityType.Pod, string.Empty, "backtest");

    /// <exception cref="BacktestInputException">The training rows hold too few complete windows.</exception>
    public static BacktestResult Score(BacktestTable table, BacktestSettings settings)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(settings);
        var extractor = new FeatureExtractor(settings.Detection);
        var schema = new FeatureSchema(Entity.Type, table.Columns.Select(c => new MetricDescriptor(c, MetricKind.Gauge)));
        var times = table.DistinctTimes();
        var columns = table.Values.Select(v => v.Select((value, i) => new MetricSample(times[i], value)).ToArray()).ToArray();
        var window = settings.Window;
        var trainRows = settings.TrainRowsFor(table.RowCount);

        var history = Enumerable.Range(window - 1, Math.Max(0, trainRows - window + 1)).Select(end => WindowAt(table, columns, times, end, window));
        var training = ForestTrainer.BuildTrainingSet(history, schema, extractor);
        if (training.RowCount < 2)
        {
            throw new BacktestInputException(
                $"The first {trainRows} of {table.RowCount} rows hold {training.RowCount} usable window(s) of {window} rows; " +
                "training needs at least 2: use more training rows (--train-rows/--train-fraction) or a smaller --window.");
        }

        var model = ForestTrainer.Fit(training, settings.Detection);
        var scores = new double?[table.RowCount];
        var values = new double[schema.FeatureCount];
        var raw = new double[schema.FeatureCount];
        var baseline = new double[schema.FeatureCount];
        var present = new bool[schema.Metrics.Count];
        var blockDecisions = new double[schema.Metrics.Count];
        for (var end = window - 1; end < table.RowCount; end++)
        {
            if (extractor.Extract(WindowAt(table, columns, times, end, window), schema, values, raw, baseline, present) == 0)
            {
                continue;
            }

            model.ScoreBlocks(values, present, blockDecisions);
            scores[end] = -EntityModel.Combine(blockDecisions);
        }

        return new BacktestResult(scores, trainRows, training.RowCount);
    }

    private static EntityWindow WindowAt(BacktestTable table, MetricSample[][] columns, DateTimeOffset[] times, int end, int window)
    {
        var start = end - window + 1;
        var metrics = new MetricSeries[columns.Length];
        for (var c = 0; c < columns.Length; c++)
        {
            metrics[c] = new MetricSeries(table.Columns[c], MetricKind.Gauge, columns[c].AsMemory(start, window));
        }

        return new EntityWindow(Entity, times[end], metrics);
    }
}
