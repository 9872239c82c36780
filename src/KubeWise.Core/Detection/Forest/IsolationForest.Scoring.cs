using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace KubeWise.Core.Detection.Forest;

public sealed partial class IsolationForest
{
    // The scalar kernel (no AVX-512, more than 8 features, or trees deeper than the tile layout takes) transposes
    // rows together into a column-major block; 64 keeps a block of 8 features at 4 KiB (L1-resident).
    private const int BlockShift = 6;
    private const int BlockRows = 1 << BlockShift;
    private const int StackBlockLimit = 2048;

    /// <summary>scikit-learn's <c>score_samples</c> for one row: -2^(-E[h(x)]/c(ψ)), in [-1, 0); lower is more anomalous.</summary>
    /// <exception cref="ArgumentException">The row has the wrong length or a NaN/infinite value.</exception>
    public double ScoreSample(ReadOnlySpan<double> row)
    {
        ValidateRow(row);
        return ToScore(_tiles is null ? SumPathLengths(row) : SumTilePaths(row));
    }

    /// <summary>scikit-learn's <c>decision_function</c>: <see cref="ScoreSample"/> - <see cref="Offset"/>; negative means anomalous.</summary>
    public double DecisionFunction(ReadOnlySpan<double> row) => ScoreSample(row) - Offset;

    /// <summary>True when <see cref="DecisionFunction(ReadOnlySpan{double})"/> is below <paramref name="threshold"/> (<see cref="DetectionOptions.ScoreThreshold"/>).</summary>
    public bool IsAnomalous(ReadOnlySpan<double> row, double threshold) => DecisionFunction(row) < threshold;

    /// <summary>Scores row-major <paramref name="rows"/> (<see cref="FeatureCount"/> values each) into <paramref name="scores"/>.</summary>
    /// <exception cref="ArgumentException">Shapes disagree, or a value is NaN/infinite (nothing is written then).</exception>
    public void ScoreSamples(ReadOnlySpan<double> rows, Span<double> scores)
    {
        var count = ValidateRows(rows, scores.Length, nameof(scores));
        if (count == 0)
        {
            return;
        }

        if (_tiles is not null)
        {
            ScoreTileRows(rows, count, scores);
            return;
        }

        long[]? rented = null;
        var blockLength = BlockRows * FeatureCount;
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
                Transpose(rows.Slice(start * FeatureCount, take * FeatureCount), take, padded, block);
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

    /// <summary>Batch <see cref="DecisionFunction(ReadOnlySpan{double})"/> over row-major <paramref name="rows"/>.</summary>
    public void DecisionFunction(ReadOnlySpan<double> rows, Span<double> decisions)
    {
        ScoreSamples(rows, decisions);
        var count = rows.Length / FeatureCount;
        for (var i = 0; i < count; i++)
        {
            decisions[i] -= Offset;
        }
    }

    // -2^(-E[h]/c(ψ)) with E[h] = sum / trees, computed in scikit-learn's order of operations.
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

        // Four trees in flight: their descents are independent, so the CPU overlaps the loads. Sums stay in tree order.
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

    // Eight rows descend each tree together; block[f * BlockRows + r] is the key of feature f of row r.
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

    // Row-major rows -> column-major block of keys; rows past `take` repeat the first row so every lane holds valid values.
    private void Transpose(ReadOnlySpan<double> rows, int take, int padded, Span<long> block)
    {
        var features = FeatureCount;
        for (var r = 0; r < padded; r++)
        {
            var row = rows.Slice((r < take ? r : 0) * features, features);
            for (var f = 0; f < features; f++)
            {
                block[(f << BlockShift) + r] = OrderedKey.Of(row[f]);
            }
        }
    }

    private void ValidateRow(ReadOnlySpan<double> row)
    {
        if (row.Length != FeatureCount)
        {
            throw new ArgumentException($"A row has {row.Length} values; this forest was trained on {FeatureCount} features.", nameof(row));
        }

        for (var f = 0; f < row.Length; f++)
        {
            if (!double.IsFinite(row[f]))
            {
                throw new ArgumentException($"Feature {f} of the row is {row[f]}; scores need finite values.", nameof(row));
            }
        }
    }

    private int ValidateRows(ReadOnlySpan<double> rows, int outputLength, string outputName)
    {
        if (rows.Length % FeatureCount != 0)
        {
            throw new ArgumentException($"{rows.Length} values do not make whole rows of {FeatureCount} features.", nameof(rows));
        }

        var count = rows.Length / FeatureCount;
        if (outputLength != count)
        {
            throw new ArgumentException($"{count} rows need an output of {count} values, not {outputLength}.", outputName);
        }

        for (var i = 0; i < rows.Length; i++)
        {
            if (!double.IsFinite(rows[i]))
            {
                throw new ArgumentException($"Row {i / FeatureCount}, feature {i % FeatureCount} is {rows[i]}; scores need finite values.", nameof(rows));
            }
        }

        return count;
    }
}
