using System.Globalization;
using KubeWise.Core.Detection.Features;
using KubeWise.Core.Detection.Forest;

namespace KubeWise.Core.Detection.Explanations;

/// <summary>
/// Per-feature contributions computed from the forest itself, in the spirit of DIFFI (Carletti et al., 2023): every
/// split on a row's path is credited to its feature with the isolation it achieved, log2(samples at the node /
/// samples on the row's side), weighted by 1/h(x) of that tree so trees that isolate the row quickly count most.
/// A feature that keeps cutting the row off from the training data early is what made it anomalous.
/// </summary>
public static class ForestExplainer
{
    /// <summary>Adds each feature's contribution for <paramref name="row"/> to <paramref name="contributions"/> (one slot per feature).</summary>
    public static void Contributions(IsolationForest forest, ReadOnlySpan<double> row, Span<double> contributions)
    {
        ArgumentNullException.ThrowIfNull(forest);
        if (contributions.Length != forest.FeatureCount)
        {
            throw new ArgumentException($"Contributions need one slot per feature ({forest.FeatureCount}), not {contributions.Length}.", nameof(contributions));
        }

        Span<PathStep> steps = forest.MaxDepth <= 128 ? stackalloc PathStep[128] : new PathStep[forest.MaxDepth];
        for (var t = 0; t < forest.TreeCount; t++)
        {
            var path = forest.WalkPath(t, row, steps);
            var weight = 1.0 / path.PathLength;
            foreach (var step in steps[..path.Depth])
            {
                var kept = Math.Max(1, step.WentLeft ? step.LeftSamples : step.RightSamples);
                contributions[step.Feature] += weight * Math.Log2((double)Math.Max(step.NodeSamples, kept) / kept);
            }
        }
    }

    /// <summary>
    /// Evidence for an anomalous entity: the features of every metric block below <paramref name="threshold"/> (at
    /// least the worst one), each block weighted by how far below the threshold it is and its share split among its
    /// features by contribution; the <paramref name="max"/> largest, with value, baseline and deviation.
    /// </summary>
    public static IReadOnlyList<Evidence> Explain(EntityModel model, FeatureVector vector, ReadOnlySpan<double> blockDecisions, double threshold, int max)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(vector);
        var schema = model.Schema;
        var worst = EntityModel.Combine(blockDecisions);
        var weights = new double[blockDecisions.Length];
        for (var m = 0; m < blockDecisions.Length; m++)
        {
            var d = blockDecisions[m];
            if (!double.IsNaN(d) && (d < threshold || d == worst))
            {
                // The worst block always counts, even when called for a row above the threshold.
                weights[m] = Math.Max(threshold - d, 1e-9);
            }
        }

        var totalWeight = weights.Sum();
        var candidates = new List<(int Feature, double Contribution)>();
        Span<double> block = stackalloc double[FeatureSchema.BlockWidth];
        Span<double> contributions = stackalloc double[FeatureSchema.BlockWidth];
        for (var m = 0; m < weights.Length; m++)
        {
            if (weights[m] <= 0)
            {
                continue;
            }

            schema.CopyBlock(vector.ValueSpan, m, block);
            contributions.Clear();
            Contributions(model.Forest, block, contributions);
            var sum = 0.0;
            foreach (var c in contributions)
            {
                sum += c;
            }

            for (var k = 0; k < FeatureSchema.BlockWidth; k++)
            {
                var share = sum > 0 ? contributions[k] / sum : 1.0 / FeatureSchema.BlockWidth;
                candidates.Add((schema.ForestFeatureIndex(m, k), weights[m] / totalWeight * share));
            }
        }

        return [.. candidates
            .Where(c => c.Contribution > 0)
            .OrderByDescending(c => c.Contribution)
            .ThenBy(c => c.Feature)
            .Take(max)
            .Select(c => Item(vector, c.Feature, c.Contribution))];
    }

    private static Evidence Item(FeatureVector vector, int feature, double contribution)
    {
        var name = vector.Schema.FeatureNames[feature];
        var value = vector.Raw[feature];
        var baseline = vector.Baseline[feature];
        var deviation = vector.Values[feature];
        return new Evidence(name, Describe(name, value, baseline, deviation), value, baseline, deviation, contribution);
    }

    internal static string Describe(string name, double value, double baseline, double deviation) =>
        string.Create(CultureInfo.InvariantCulture, $"{name} = {Number(value)} (baseline {Number(baseline)}, deviation {deviation:+0.0#;-0.0#;0})");

    private static string Number(double value) => double.IsNaN(value) ? "n/a" : value.ToString("G4", CultureInfo.InvariantCulture);
}
