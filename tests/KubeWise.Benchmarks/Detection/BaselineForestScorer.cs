using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using KubeWise.Core.Detection.Forest;

namespace KubeWise.Benchmarks.Detection;

/// <summary>
/// The scalar scorer as it was before the AVX-512 tile kernel (flat struct-of-arrays, 8 rows in flight per tree,
/// 4 trees in flight for one row), kept here only so a benchmark run compares old and new on the same load.
/// Built from <see cref="IsolationForest.GetTree"/>, which numbers nodes breadth-first with right = left + 1.
/// </summary>
internal sealed class BaselineForestScorer
{
    private const int BlockShift = 6;
    private const int BlockRows = 1 << BlockShift;
    private const int StackBlockLimit = 2048;

    private readonly int _features;
    private readonly int[] _feature;
    private readonly int[] _blockColumn;
    private readonly long[] _thresholdKey;
    private readonly int[] _left;
    private readonly long[] _blockLeft;
    private readonly double[] _leafPathLength;
    private readonly int[] _roots;
    private readonly int[] _treeDepth;
    private readonly double _denominator;

    public BaselineForestScorer(IsolationForest forest)
    {
        _features = forest.FeatureCount;
        var trees = Enumerable.Range(0, forest.TreeCount).Select(forest.GetTree).ToArray();
        var total = trees.Sum(t => t.NodeCount);
        _feature = new int[total];
        _thresholdKey = new long[total];
        _left = new int[total];
        _leafPathLength = new double[total];
        _roots = new int[trees.Length];
        _treeDepth = new int[trees.Length];
        var start = 0;
        for (var t = 0; t < trees.Length; t++)
        {
            var tree = trees[t];
            var depth = new int[tree.NodeCount];
            _roots[t] = start;
            for (var i = 0; i < tree.NodeCount; i++)
            {
                var at = start + i;
                if (tree.IsLeaf(i))
                {
                    _thresholdKey[at] = OrderedKey.Of(double.PositiveInfinity);
                    _left[at] = at;
                    _leafPathLength[at] = depth[i] + 1.0 + AveragePathLength.Of(tree.NodeSamples[i]) - 1.0;
                    _treeDepth[t] = Math.Max(_treeDepth[t], depth[i]);
                    continue;
                }

                _feature[at] = tree.Feature[i];
                _thresholdKey[at] = OrderedKey.Of(tree.Threshold[i]);
                _left[at] = start + tree.ChildrenLeft[i];
                depth[tree.ChildrenLeft[i]] = depth[tree.ChildrenRight[i]] = depth[i] + 1;
            }

            start += tree.NodeCount;
        }

        _blockColumn = Array.ConvertAll(_feature, f => (f << BlockShift) * sizeof(long));
        _blockLeft = Array.ConvertAll(_left, l => (long)l);
        _denominator = trees.Length * AveragePathLength.Of(forest.SampleSize);
    }

    public double ScoreSample(ReadOnlySpan<double> row) => ToScore(SumPathLengths(row));

    public void ScoreSamples(ReadOnlySpan<double> rows, Span<double> scores)
    {
        var count = rows.Length / _features;
        long[]? rented = null;
        var blockLength = BlockRows * _features;
        var block = blockLength <= StackBlockLimit
            ? stackalloc long[StackBlockLimit]
            : (rented = ArrayPool<long>.Shared.Rent(blockLength));
        try
        {
            Span<double> sums = stackalloc double[BlockRows];
            for (var start = 0; start < count; start += BlockRows)
            {
                var take = Math.Min(BlockRows, count - start);
                var padded = (take + 7) & ~7;
                Transpose(rows.Slice(start * _features, take * _features), take, padded, block);
                sums.Clear();
                SumBlock(block, padded, sums);
                for (var r = 0; r < take; r++)
                {
                    scores[start + r] = ToScore(sums[r]);
                }
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<long>.Shared.Return(rented);
            }
        }
    }

    private double ToScore(double pathLengthSum) => -Math.Pow(2.0, -(pathLengthSum / _denominator));

    private double SumPathLengths(ReadOnlySpan<double> row)
    {
        long[]? rented = null;
        var keys = row.Length <= 128 ? stackalloc long[128] : (rented = ArrayPool<long>.Shared.Rent(row.Length));
        for (var f = 0; f < row.Length; f++)
        {
            keys[f] = OrderedKey.Of(row[f]);
        }

        ref var x = ref MemoryMarshal.GetReference(keys);
        ref var feature = ref MemoryMarshal.GetArrayDataReference(_feature);
        ref var threshold = ref MemoryMarshal.GetArrayDataReference(_thresholdKey);
        ref var left = ref MemoryMarshal.GetArrayDataReference(_left);
        ref var leaf = ref MemoryMarshal.GetArrayDataReference(_leafPathLength);
        var sum = 0.0;
        var t = 0;
        for (; t + 4 <= _roots.Length; t += 4)
        {
            int n0 = _roots[t], n1 = _roots[t + 1], n2 = _roots[t + 2], n3 = _roots[t + 3];
            var steps = Math.Max(Math.Max(_treeDepth[t], _treeDepth[t + 1]), Math.Max(_treeDepth[t + 2], _treeDepth[t + 3]));
            for (var s = 0; s < steps; s++)
            {
                n0 = Step(n0, ref x, ref feature, ref threshold, ref left);
                n1 = Step(n1, ref x, ref feature, ref threshold, ref left);
                n2 = Step(n2, ref x, ref feature, ref threshold, ref left);
                n3 = Step(n3, ref x, ref feature, ref threshold, ref left);
            }

            sum += Unsafe.Add(ref leaf, n0);
            sum += Unsafe.Add(ref leaf, n1);
            sum += Unsafe.Add(ref leaf, n2);
            sum += Unsafe.Add(ref leaf, n3);
        }

        for (; t < _roots.Length; t++)
        {
            var n = _roots[t];
            for (var s = _treeDepth[t]; s > 0; s--)
            {
                n = Step(n, ref x, ref feature, ref threshold, ref left);
            }

            sum += Unsafe.Add(ref leaf, n);
        }

        if (rented is not null)
        {
            ArrayPool<long>.Shared.Return(rented);
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Step(int node, ref long x, ref int feature, ref long threshold, ref int left) =>
        Unsafe.Add(ref left, node) + (Unsafe.Add(ref x, Unsafe.Add(ref feature, node)) > Unsafe.Add(ref threshold, node) ? 1 : 0);

    private void SumBlock(Span<long> block, int rows, Span<double> sums)
    {
        ref var column = ref MemoryMarshal.GetArrayDataReference(_blockColumn);
        ref var threshold = ref MemoryMarshal.GetArrayDataReference(_thresholdKey);
        ref var left = ref MemoryMarshal.GetArrayDataReference(_blockLeft);
        ref var leaf = ref MemoryMarshal.GetArrayDataReference(_leafPathLength);
        ref var sum = ref MemoryMarshal.GetReference(sums);
        ref var x0 = ref MemoryMarshal.GetReference(block);
        for (var t = 0; t < _roots.Length; t++)
        {
            nint root = _roots[t];
            var steps = _treeDepth[t];
            for (nint r = 0; r < rows; r += 8)
            {
                ref var x = ref Unsafe.Add(ref x0, r);
                nint n0 = root, n1 = root, n2 = root, n3 = root, n4 = root, n5 = root, n6 = root, n7 = root;
                for (var s = steps; s > 0; s--)
                {
                    n0 = BlockStep(n0, ref x, ref column, ref threshold, ref left);
                    n1 = BlockStep(n1, ref Unsafe.Add(ref x, 1), ref column, ref threshold, ref left);
                    n2 = BlockStep(n2, ref Unsafe.Add(ref x, 2), ref column, ref threshold, ref left);
                    n3 = BlockStep(n3, ref Unsafe.Add(ref x, 3), ref column, ref threshold, ref left);
                    n4 = BlockStep(n4, ref Unsafe.Add(ref x, 4), ref column, ref threshold, ref left);
                    n5 = BlockStep(n5, ref Unsafe.Add(ref x, 5), ref column, ref threshold, ref left);
                    n6 = BlockStep(n6, ref Unsafe.Add(ref x, 6), ref column, ref threshold, ref left);
                    n7 = BlockStep(n7, ref Unsafe.Add(ref x, 7), ref column, ref threshold, ref left);
                }

                ref var s0 = ref Unsafe.Add(ref sum, r);
                s0 += Unsafe.Add(ref leaf, n0);
                Unsafe.Add(ref s0, 1) += Unsafe.Add(ref leaf, n1);
                Unsafe.Add(ref s0, 2) += Unsafe.Add(ref leaf, n2);
                Unsafe.Add(ref s0, 3) += Unsafe.Add(ref leaf, n3);
                Unsafe.Add(ref s0, 4) += Unsafe.Add(ref leaf, n4);
                Unsafe.Add(ref s0, 5) += Unsafe.Add(ref leaf, n5);
                Unsafe.Add(ref s0, 6) += Unsafe.Add(ref leaf, n6);
                Unsafe.Add(ref s0, 7) += Unsafe.Add(ref leaf, n7);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nint BlockStep(nint node, ref long x, ref int column, ref long threshold, ref long left) =>
        (Unsafe.AddByteOffset(ref x, (nint)Unsafe.Add(ref column, node)) > Unsafe.Add(ref threshold, node) ? 1 : 0)
        + (nint)Unsafe.Add(ref left, node);

    private void Transpose(ReadOnlySpan<double> rows, int take, int padded, Span<long> block)
    {
        for (var r = 0; r < padded; r++)
        {
            var row = rows.Slice((r < take ? r : 0) * _features, _features);
            for (var f = 0; f < _features; f++)
            {
                block[(f << BlockShift) + r] = OrderedKey.Of(row[f]);
            }
        }
    }
}
