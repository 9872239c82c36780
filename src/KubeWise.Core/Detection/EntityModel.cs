using KubeWise.Core.Detection.Features;
using KubeWise.Core.Detection.Forest;

namespace KubeWise.Core.Detection;

/// <summary>
/// The model of one entity type: its feature schema and a forest over per-metric blocks
/// (<see cref="FeatureSchema.ForestStatistics"/>), so the forest's dimension does not grow with the number of metrics
/// and an incident in one metric is not drowned by the others. An entity's decision value is its worst block's.
/// </summary>
public sealed record EntityModel
{
    public EntityModel(FeatureSchema schema, IsolationForest forest)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(forest);
        if (forest.FeatureCount != FeatureSchema.BlockWidth)
        {
            throw new ArgumentException($"The forest scores {forest.FeatureCount} features per row; a metric block has {FeatureSchema.BlockWidth}.", nameof(forest));
        }

        Schema = schema;
        Forest = forest;
    }

    public FeatureSchema Schema { get; }

    public IsolationForest Forest { get; }

    /// <summary>The decision value of each metric block of <paramref name="vector"/> (NaN for a missing metric).</summary>
    public double[] ScoreBlocks(FeatureVector vector)
    {
        ArgumentNullException.ThrowIfNull(vector);
        var decisions = new double[Schema.Metrics.Count];
        var present = new bool[Schema.Metrics.Count];
        for (var m = 0; m < present.Length; m++)
        {
            present[m] = vector.HasMetric(m);
        }

        ScoreBlocks(vector.ValueSpan, present, decisions);
        return decisions;
    }

    /// <summary>The decision value of each metric block of a full feature row into <paramref name="decisions"/> (NaN where <paramref name="present"/> is false).</summary>
    public void ScoreBlocks(ReadOnlySpan<double> row, ReadOnlySpan<bool> present, Span<double> decisions)
    {
        Span<double> block = stackalloc double[FeatureSchema.BlockWidth];
        for (var m = 0; m < decisions.Length; m++)
        {
            if (present[m])
            {
                Schema.CopyBlock(row, m, block);
                decisions[m] = Forest.DecisionFunction(block);
            }
            else
            {
                decisions[m] = double.NaN;
            }
        }
    }

    /// <summary>The entity's decision value: its most anomalous metric block's; NaN when no metric yielded features.</summary>
    public static double Combine(ReadOnlySpan<double> blockDecisions)
    {
        var worst = double.NaN;
        foreach (var d in blockDecisions)
        {
            if (!double.IsNaN(d) && !(d >= worst))
            {
                worst = d;
            }
        }

        return worst;
    }
}
