namespace KubeWise.Core.Detection.Forest;

/// <summary>Grows one isolation tree from a subsample; reused across trees so a fit allocates little.</summary>
/// <remarks>
/// Splits follow scikit-learn's random splitter: a feature drawn uniformly among those not constant in the node,
/// a threshold uniform in [min, max) of the node's values (a draw equal to max becomes min), <c>x &lt;= threshold</c>
/// left. A node stops at the depth limit, with one sample, or when every feature is constant in it.
/// </remarks>
internal sealed class TreeGrower(int featureCount, int sampleSize)
{
    private readonly double[] _sample = new double[featureCount * sampleSize];
    private readonly int[] _order = new int[sampleSize];
    private readonly int[] _candidates = new int[featureCount];
    private readonly Queue<(int Node, int Start, int End, int Depth)> _pending = new();

    // Node arrays at full capacity (2ψ - 1), reused for every tree; each tree gets copies trimmed to its node count.
    private readonly int[] _feature = new int[(2 * sampleSize) - 1];
    private readonly double[] _threshold = new double[(2 * sampleSize) - 1];
    private readonly int[] _left = new int[(2 * sampleSize) - 1];
    private readonly int[] _right = new int[(2 * sampleSize) - 1];
    private readonly int[] _samples = new int[(2 * sampleSize) - 1];

    public Span<double> SampleRow(int index) => _sample.AsSpan(index * featureCount, featureCount);

    public IsolationTree Grow(Random random, int maxDepth)
    {
        var (feature, threshold, left, right, samples) = (_feature, _threshold, _left, _right, _samples);
        for (var i = 0; i < sampleSize; i++)
        {
            _order[i] = i;
        }

        var nodes = 1;
        _pending.Enqueue((0, 0, sampleSize, 0));
        while (_pending.TryDequeue(out var item))
        {
            var (node, start, end, depth) = item;
            samples[node] = end - start;
            if (end - start < 2 || depth >= maxDepth || !TryChooseSplit(random, start, end, out var f, out var t))
            {
                feature[node] = IsolationTree.Leaf;
                threshold[node] = 0;
                left[node] = right[node] = IsolationTree.Leaf;
                continue;
            }

            var middle = Partition(start, end, f, t);
            feature[node] = f;
            threshold[node] = t;
            left[node] = nodes;
            right[node] = nodes + 1;
            _pending.Enqueue((nodes, start, middle, depth + 1));
            _pending.Enqueue((nodes + 1, middle, end, depth + 1));
            nodes += 2;
        }

        return new IsolationTree(feature[..nodes], threshold[..nodes], left[..nodes], right[..nodes], samples[..nodes]);
    }

    private bool TryChooseSplit(Random random, int start, int end, out int feature, out double threshold)
    {
        for (var i = 0; i < featureCount; i++)
        {
            _candidates[i] = i;
        }

        for (var remaining = featureCount; remaining > 0; remaining--)
        {
            var pick = random.Next(remaining);
            feature = _candidates[pick];
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            for (var i = start; i < end; i++)
            {
                var value = _sample[(_order[i] * featureCount) + feature];
                min = Math.Min(min, value);
                max = Math.Max(max, value);
            }

            if (max > min)
            {
                threshold = ((max - min) * random.NextDouble()) + min;
                if (threshold >= max)
                {
                    threshold = min;
                }

                return true;
            }

            _candidates[pick] = _candidates[remaining - 1];
        }

        feature = 0;
        threshold = 0;
        return false;
    }

    // Moves rows with value <= threshold to the front; returns where the right side starts.
    private int Partition(int start, int end, int feature, double threshold)
    {
        int i = start, j = end - 1;
        while (i <= j)
        {
            if (_sample[(_order[i] * featureCount) + feature] <= threshold)
            {
                i++;
            }
            else
            {
                (_order[i], _order[j]) = (_order[j], _order[i]);
                j--;
            }
        }

        return i;
    }
}
