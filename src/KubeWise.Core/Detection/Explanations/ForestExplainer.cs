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

    /// <summary>The <paramref name="max"/> features that contributed most, as evidence with value, baseline, deviation and share.</summary>
    public static IReadOnlyList<Evidence> Explain(IsolationForest forest, FeatureVector vector, int max)
    {
        ArgumentNullException.ThrowIfNull(vector);
        var contributions = new double[vector.Schema.FeatureCount];
        Contributions(forest, vector.ValueSpan, contributions);
        var total = contributions.Sum();
        var order = Enumerable.Range(0, contributions.Length)
            .Where(i => contributions[i] > 0)
            .OrderByDescending(i => contributions[i])
            .ThenBy(i => i)
            .Take(max);
        var evidence = new List<Evidence>();
        foreach (var i in order)
        {
            var name = vector.Schema.FeatureNames[i];
            var value = vector.Raw[i];
            var baseline = vector.Baseline[i];
            var deviation = vector.Values[i];
            evidence.Add(new Evidence(name, Describe(name, value, baseline, deviation), value, baseline, deviation, total > 0 ? contributions[i] / total : 0));
        }

        if (evidence.Count == 0)
        {
            // Every split kept the row with all its training samples (possible only for a row in the densest spot):
            // fall back to the largest deviation, so an anomaly never arrives without a reason.
            var i = Enumerable.Range(0, contributions.Length).MaxBy(j => Math.Abs(vector.Values[j]));
            var name = vector.Schema.FeatureNames[i];
            evidence.Add(new Evidence(name, Describe(name, vector.Raw[i], vector.Baseline[i], vector.Values[i]), vector.Raw[i], vector.Baseline[i], vector.Values[i], 1.0));
        }

        return evidence;
    }

    internal static string Describe(string name, double value, double baseline, double deviation) =>
        string.Create(CultureInfo.InvariantCulture, $"{name} = {Number(value)} (baseline {Number(baseline)}, deviation {deviation:+0.0#;-0.0#;0})");

    private static string Number(double value) => double.IsNaN(value) ? "n/a" : value.ToString("G4", CultureInfo.InvariantCulture);
}
