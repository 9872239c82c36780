namespace KubeWise.Core.Detection.Forest;

/// <summary>
/// A fitted isolation forest with scikit-learn's score meaning. Immutable after construction, so one instance may be
/// scored from any number of threads.
/// </summary>
/// <remarks>
/// All trees live in one flat struct-of-arrays layout. Children of a split are adjacent (right = left + 1), so a
/// step is <c>node = left[node] + (x[feature[node]] &gt; threshold[node] ? 1 : 0)</c>: no pointer chasing and no
/// branch. A leaf points at itself with threshold +∞ (a finite value never goes right), so every row of a tree can
/// take the same number of steps, which lets several rows descend the same tree side by side. Comparisons run on
/// order-preserving integer keys of the doubles (<see cref="OrderedKey"/>), which gives the same answers as
/// scikit-learn's <c>x &lt;= threshold</c> with a shorter dependency chain per step.
/// Where AVX-512 is available (and rows have at most 8 features and trees at most 9 levels, as fitted forests with
/// ψ ≤ 512 do), scoring runs on a second copy of the trees, <see cref="TileLayout"/>, that decides three levels per
/// vector step; the flat arrays stay the source of truth for paths, export and the scalar kernel. Both kernels make
/// the same comparisons and add leaf path lengths in the same (tree) order, so their scores are bit-identical.
/// </remarks>
public sealed partial class IsolationForest
{
    /// <summary>scikit-learn's <c>offset_</c> for <c>contamination="auto"</c>.</summary>
    public const double AutoContaminationOffset = -0.5;

    private readonly int[] _feature;
    // Byte offset of the feature's column in a scoring block, so the hot path needs no shift or scaled index.
    private readonly int[] _blockColumn;
    private readonly double[] _threshold;
    private readonly long[] _thresholdKey;
    private readonly int[] _left;
    // _left widened, so the batch kernel adds it straight from memory without a sign extension.
    private readonly long[] _blockLeft;
    private readonly int[] _nodeSamples;
    // depth + c(leaf samples), precomputed the way scikit-learn adds them: (path nodes) + c(n) - 1.
    private readonly double[] _leafPathLength;
    private readonly int[] _roots;
    private readonly int[] _treeDepth;
    private readonly double _denominator;
    // The same trees for the AVX-512 kernel; null where it cannot run (no AVX-512, more than 8 features, deep trees).
    private readonly TileLayout? _tiles;

    private IsolationForest(int featureCount, int sampleSize, double offset, int[] feature, double[] threshold, int[] left,
        int[] nodeSamples, double[] leafPathLength, int[] roots, int[] treeDepth)
    {
        FeatureCount = featureCount;
        SampleSize = sampleSize;
        Offset = offset;
        _feature = feature;
        _threshold = threshold;
        _thresholdKey = Array.ConvertAll(threshold, OrderedKey.Of);
        _left = left;
        _nodeSamples = nodeSamples;
        _leafPathLength = leafPathLength;
        _roots = roots;
        _treeDepth = treeDepth;
        MaxDepth = treeDepth.Max();
        _denominator = roots.Length * AveragePathLength.Of(sampleSize);
        _tiles = TileLayout.TryCreate(featureCount, MaxDepth, feature, _thresholdKey, left, leafPathLength, roots);

        // Only the scalar batch kernel reads these; with tiles they would be 12 bytes per node of dead weight.
        _blockColumn = _tiles is null ? Array.ConvertAll(feature, f => (f << BlockShift) * sizeof(long)) : [];
        _blockLeft = _tiles is null ? Array.ConvertAll(left, l => (long)l) : [];
    }

    /// <summary>Number of values in a row.</summary>
    public int FeatureCount { get; }

    /// <summary>ψ, the subsample size each tree was grown from (scikit-learn's <c>max_samples_</c>); c(ψ) normalises path lengths.</summary>
    public int SampleSize { get; }

    /// <summary>Subtracted from <see cref="ScoreSample"/> to give <see cref="DecisionFunction(ReadOnlySpan{double})"/>.</summary>
    public double Offset { get; }

    public int TreeCount => _roots.Length;

    /// <summary>Depth of the deepest leaf of any tree: a span of this many <see cref="PathStep"/>s holds any path.</summary>
    public int MaxDepth { get; }

    /// <summary>Builds a forest from trees in scikit-learn's array form (fit output, an exported scikit-learn forest, a stored model).</summary>
    /// <exception cref="ArgumentException">The trees are not valid binary trees over <paramref name="featureCount"/> features.</exception>
    public static IsolationForest FromTrees(IReadOnlyList<IsolationTree> trees, int featureCount, int sampleSize, double offset = AutoContaminationOffset)
    {
        ArgumentNullException.ThrowIfNull(trees);
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleSize, 2);
        if (trees.Count == 0)
        {
            throw new ArgumentException("A forest needs at least one tree.", nameof(trees));
        }

        if (!double.IsFinite(offset))
        {
            throw new ArgumentException($"The offset must be a finite number, not {offset}.", nameof(offset));
        }

        var total = 0;
        for (var t = 0; t < trees.Count; t++)
        {
            total += ValidateShape(trees[t], t);
        }

        var layout = new FlatLayout(total);
        var roots = new int[trees.Count];
        var depths = new int[trees.Count];
        for (var t = 0; t < trees.Count; t++)
        {
            roots[t] = layout.Count;
            depths[t] = layout.Append(trees[t], t, featureCount);
        }

        return new IsolationForest(featureCount, sampleSize, offset, layout.Feature, layout.Threshold, layout.Left,
            layout.NodeSamples, layout.LeafPathLength, roots, depths);
    }

    /// <summary>Tree <paramref name="index"/> in scikit-learn's array form, numbered in the forest's own (breadth-first) order.</summary>
    public IsolationTree GetTree(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, TreeCount);
        var start = _roots[index];
        var end = index + 1 < TreeCount ? _roots[index + 1] : _feature.Length;
        var count = end - start;
        var tree = new IsolationTree(new int[count], new double[count], new int[count], new int[count], new int[count]);
        for (var i = 0; i < count; i++)
        {
            var node = start + i;
            tree.NodeSamples[i] = _nodeSamples[node];
            if (_left[node] == node)
            {
                tree.Feature[i] = IsolationTree.Leaf;
                tree.ChildrenLeft[i] = IsolationTree.Leaf;
                tree.ChildrenRight[i] = IsolationTree.Leaf;
            }
            else
            {
                tree.Feature[i] = _feature[node];
                tree.Threshold[i] = _threshold[node];
                tree.ChildrenLeft[i] = _left[node] - start;
                tree.ChildrenRight[i] = _left[node] + 1 - start;
            }
        }

        return tree;
    }

    private static int ValidateShape(IsolationTree tree, int index)
    {
        ArgumentNullException.ThrowIfNull(tree);
        var count = tree.Feature?.Length ?? 0;
        if (count == 0 || tree.Threshold?.Length != count || tree.ChildrenLeft?.Length != count
            || tree.ChildrenRight?.Length != count || tree.NodeSamples?.Length != count)
        {
            throw new ArgumentException($"Tree {index}: feature, threshold, children and sample arrays must be non-empty and of one length.", nameof(tree));
        }

        return count;
    }
}
