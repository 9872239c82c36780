namespace KubeWise.Core.Detection.Forest;

public sealed partial class IsolationForest
{
    /// <summary>
    /// Walks <paramref name="row"/> down tree <paramref name="tree"/>, writing each split it passes into
    /// <paramref name="steps"/> (root first). Size <paramref name="steps"/> with <see cref="MaxDepth"/>; nothing is allocated.
    /// </summary>
    /// <exception cref="ArgumentException">Bad row (see <see cref="ScoreSample"/>), or <paramref name="steps"/> is shorter than <see cref="MaxDepth"/>.</exception>
    public TreePath WalkPath(int tree, ReadOnlySpan<double> row, Span<PathStep> steps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tree);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(tree, TreeCount);
        ValidateRow(row);
        if (steps.Length < MaxDepth)
        {
            throw new ArgumentException($"Paths are up to {MaxDepth} steps long; the span holds {steps.Length}.", nameof(steps));
        }

        return Walk(tree, row, steps);
    }

    /// <summary>
    /// Adds, for every tree and every split on the row's path, 1/h(x) of that tree to the split's feature in
    /// <paramref name="weights"/> (one slot per feature). Features that isolate the row early, in trees where it is
    /// isolated quickly, collect the most weight: a depth-based importance, DIFFI without the imbalance term
    /// (which <see cref="WalkPath"/> provides through <see cref="PathStep.LeftSamples"/>).
    /// </summary>
    public void AccumulatePathFeatureWeights(ReadOnlySpan<double> row, Span<double> weights)
    {
        ValidateRow(row);
        if (weights.Length != FeatureCount)
        {
            throw new ArgumentException($"Weights need one slot per feature ({FeatureCount}), not {weights.Length}.", nameof(weights));
        }

        Span<PathStep> steps = MaxDepth <= 64 ? stackalloc PathStep[64] : new PathStep[MaxDepth];
        for (var t = 0; t < TreeCount; t++)
        {
            var path = Walk(t, row, steps);
            var weight = 1.0 / path.PathLength;
            foreach (var step in steps[..path.Depth])
            {
                weights[step.Feature] += weight;
            }
        }
    }

    private TreePath Walk(int tree, ReadOnlySpan<double> row, Span<PathStep> steps)
    {
        var node = _roots[tree];
        var depth = 0;
        while (_left[node] != node)
        {
            var f = _feature[node];
            var left = _left[node];
            var goesLeft = row[f] <= _threshold[node];
            steps[depth] = new PathStep(depth, f, _threshold[node], goesLeft, _nodeSamples[node], _nodeSamples[left]);
            node = goesLeft ? left : left + 1;
            depth++;
        }

        return new TreePath(depth, _nodeSamples[node], _leafPathLength[node]);
    }
}
