using KubeWise.Core.Entities;
using KubeWise.Core.Detection.Features;
using KubeWise.Core.Detection.Forest;

namespace KubeWise.Core.Detection;

/// <summary>Builds training rows from history windows with the same feature code the live path scores with, and fits the forest.</summary>
public static class ForestTrainer
{
    /// <summary>
    /// One row per usable metric block of every history window of the schema's entity type. Windows in a rollout are
    /// left out (they would teach the forest that rollouts are normal noise) and so are windows with no usable metric.
    /// </summary>
    public static TrainingSet BuildTrainingSet(IEnumerable<EntityWindow> history, FeatureSchema schema, FeatureExtractor extractor)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(extractor);
        var width = schema.FeatureCount;
        var rows = new List<double>();
        var raw = new double[width];
        var baseline = new double[width];
        var values = new double[width];
        var present = new bool[schema.Metrics.Count];
        int count = 0, rollout = 0, tooShort = 0;
        foreach (var window in history)
        {
            if (window.Entity.Type != schema.EntityType)
            {
                continue;
            }

            if (window.Rollout.InProgress)
            {
                rollout++;
                continue;
            }

            if (extractor.Extract(window, schema, values, raw, baseline, present) == 0)
            {
                tooShort++;
                continue;
            }

            for (var m = 0; m < present.Length; m++)
            {
                if (present[m])
                {
                    for (var k = 0; k < FeatureSchema.BlockWidth; k++)
                    {
                        rows.Add(values[schema.ForestFeatureIndex(m, k)]);
                    }

                    count++;
                }
            }
        }

        return new TrainingSet(schema, [.. rows], count, rollout, tooShort);
    }

    /// <summary>Fits a forest on <paramref name="training"/> with the trees, ψ and seed of <paramref name="options"/>.</summary>
    /// <exception cref="InvalidOperationException">Fewer than two usable training rows.</exception>
    public static EntityModel Fit(TrainingSet training, DetectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(options);
        if (training.RowCount < 2)
        {
            throw new InvalidOperationException(
                $"Too little history to train the {training.Schema.EntityType} model: {training.RowCount} usable metric block(s) " +
                $"(windows left out: {training.SkippedDuringRollout} during rollouts, {training.SkippedTooShort} too short); at least 2 are needed.");
        }

        var forest = IsolationForest.Fit(training.Rows, FeatureSchema.BlockWidth, options.Trees, options.SampleSize, options.Seed);
        return new EntityModel(training.Schema, forest);
    }
}
