using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KubeWise.Core.Detection.Forest;

/// <summary>
/// The AVX-512 kernel over <see cref="TileLayout"/>: a row is one vector of 8 keys, and one step (load, permute,
/// compare, table) decides three levels of a tree. A step is a dependent chain of ~25 cycles, so many independent
/// descents run side by side: 16 rows through one tree in a batch, 8 trees for one row.
/// </summary>
/// <remarks>
/// A descent's position is kept as the tile's offset in longs (tile index × 8), so the tile's address needs no
/// extra arithmetic and the next position is one <c>lea</c> from the table (see <see cref="TileLayout.NextOffsets"/>).
/// Leaf path lengths are added per row in tree order, exactly as the scalar kernel adds them, so every kernel and
/// both entry points give bit-identical sums.
/// </remarks>
public sealed partial class IsolationForest
{
    // Rows per group in the batch kernel. 16 vectors of keys use half the 32 vector registers; 8 in flight left
    // the chain exposed (measured ~15% slower), and more groups spill position registers.
    private const int TileRowsInFlight = 16;

    // Rows per block for the tile kernel: 16 KB of keys, which stays in L1 next to the one tree (≤ 9 KB) being walked.
    private const int TileBlockRows = 256;

    private void ScoreTileRows(ReadOnlySpan<double> rows, int count, Span<double> scores)
    {
        Span<long> block = stackalloc long[TileBlockRows * TileLayout.Lanes];
        Span<double> sums = stackalloc double[TileBlockRows];
        for (var start = 0; start < count; start += TileBlockRows)
        {
            var take = Math.Min(TileBlockRows, count - start);
            var padded = (take + TileRowsInFlight - 1) / TileRowsInFlight * TileRowsInFlight;
            ToTileKeys(rows.Slice(start * FeatureCount, take * FeatureCount), take, padded, block);
            sums.Clear();
            SumTileBlock(block, padded, sums);
            for (var r = 0; r < take; r++)
            {
                scores[start + r] = ToScore(sums[r]);
            }
        }
    }

    // One row per 8-lane vector; lanes past FeatureCount stay 0 (no split reads them), and rows past `take` repeat
    // the first row so every row in flight holds valid keys.
    private void ToTileKeys(ReadOnlySpan<double> rows, int take, int padded, Span<long> block)
    {
        var features = FeatureCount;
        block[..(padded * TileLayout.Lanes)].Clear();
        for (var r = 0; r < padded; r++)
        {
            var row = rows.Slice((r < take ? r : 0) * features, features);
            var keys = block.Slice(r * TileLayout.Lanes, features);
            for (var f = 0; f < features; f++)
            {
                keys[f] = OrderedKey.Of(row[f]);
            }
        }
    }

    // keys holds `rows` rows of TileLayout.Lanes keys (a multiple of TileRowsInFlight); each row's sum gets the
    // leaf path lengths added tree after tree.
    private void SumTileBlock(ReadOnlySpan<long> keys, int rows, Span<double> sums)
    {
        var layout = _tiles!;
        ref var tiles = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(layout.Tiles), layout.Start);
        ref var leaves = ref MemoryMarshal.GetArrayDataReference(layout.Leaves);
        ref var outcome = ref MemoryMarshal.GetArrayDataReference(TileLayout.NextOffsets);
        ref var key = ref MemoryMarshal.GetReference(keys);
        ref var sum = ref MemoryMarshal.GetReference(sums);
        var steps = layout.Steps;
        for (var t = 0; t < TreeCount; t++)
        {
            ref var tree = ref Unsafe.Add(ref tiles, t * layout.TreeLongs);
            ref var leaf = ref Unsafe.Add(ref leaves, t * layout.LeavesPerTree);
            for (nint r = 0; r < rows; r += TileRowsInFlight)
            {
                ref var x = ref Unsafe.Add(ref key, r * TileLayout.Lanes);
                var x0 = Vector512.LoadUnsafe(ref x);
                var x1 = Vector512.LoadUnsafe(ref x, 1 * TileLayout.Lanes);
                var x2 = Vector512.LoadUnsafe(ref x, 2 * TileLayout.Lanes);
                var x3 = Vector512.LoadUnsafe(ref x, 3 * TileLayout.Lanes);
                var x4 = Vector512.LoadUnsafe(ref x, 4 * TileLayout.Lanes);
                var x5 = Vector512.LoadUnsafe(ref x, 5 * TileLayout.Lanes);
                var x6 = Vector512.LoadUnsafe(ref x, 6 * TileLayout.Lanes);
                var x7 = Vector512.LoadUnsafe(ref x, 7 * TileLayout.Lanes);
                var x8 = Vector512.LoadUnsafe(ref x, 8 * TileLayout.Lanes);
                var x9 = Vector512.LoadUnsafe(ref x, 9 * TileLayout.Lanes);
                var x10 = Vector512.LoadUnsafe(ref x, 10 * TileLayout.Lanes);
                var x11 = Vector512.LoadUnsafe(ref x, 11 * TileLayout.Lanes);
                var x12 = Vector512.LoadUnsafe(ref x, 12 * TileLayout.Lanes);
                var x13 = Vector512.LoadUnsafe(ref x, 13 * TileLayout.Lanes);
                var x14 = Vector512.LoadUnsafe(ref x, 14 * TileLayout.Lanes);
                var x15 = Vector512.LoadUnsafe(ref x, 15 * TileLayout.Lanes);
                nint p0 = 0, p1 = 0, p2 = 0, p3 = 0, p4 = 0, p5 = 0, p6 = 0, p7 = 0,
                    p8 = 0, p9 = 0, p10 = 0, p11 = 0, p12 = 0, p13 = 0, p14 = 0, p15 = 0;
                for (var s = steps; s > 0; s--)
                {
                    p0 = TileStep(p0, x0, ref tree, ref outcome);
                    p1 = TileStep(p1, x1, ref tree, ref outcome);
                    p2 = TileStep(p2, x2, ref tree, ref outcome);
                    p3 = TileStep(p3, x3, ref tree, ref outcome);
                    p4 = TileStep(p4, x4, ref tree, ref outcome);
                    p5 = TileStep(p5, x5, ref tree, ref outcome);
                    p6 = TileStep(p6, x6, ref tree, ref outcome);
                    p7 = TileStep(p7, x7, ref tree, ref outcome);
                    p8 = TileStep(p8, x8, ref tree, ref outcome);
                    p9 = TileStep(p9, x9, ref tree, ref outcome);
                    p10 = TileStep(p10, x10, ref tree, ref outcome);
                    p11 = TileStep(p11, x11, ref tree, ref outcome);
                    p12 = TileStep(p12, x12, ref tree, ref outcome);
                    p13 = TileStep(p13, x13, ref tree, ref outcome);
                    p14 = TileStep(p14, x14, ref tree, ref outcome);
                    p15 = TileStep(p15, x15, ref tree, ref outcome);
                }

                ref var s0 = ref Unsafe.Add(ref sum, r);
                s0 += Unsafe.Add(ref leaf, p0 >> TileLayout.LaneShift);
                Unsafe.Add(ref s0, 1) += Unsafe.Add(ref leaf, p1 >> TileLayout.LaneShift);
                Unsafe.Add(ref s0, 2) += Unsafe.Add(ref leaf, p2 >> TileLayout.LaneShift);
                Unsafe.Add(ref s0, 3) += Unsafe.Add(ref leaf, p3 >> TileLayout.LaneShift);
                Unsafe.Add(ref s0, 4) += Unsafe.Add(ref leaf, p4 >> TileLayout.LaneShift);
                Unsafe.Add(ref s0, 5) += Unsafe.Add(ref leaf, p5 >> TileLayout.LaneShift);
                Unsafe.Add(ref s0, 6) += Unsafe.Add(ref leaf, p6 >> TileLayout.LaneShift);
                Unsafe.Add(ref s0, 7) += Unsafe.Add(ref leaf, p7 >> TileLayout.LaneShift);
                Unsafe.Add(ref s0, 8) += Unsafe.Add(ref leaf, p8 >> TileLayout.LaneShift);
                Unsafe.Add(ref s0, 9) += Unsafe.Add(ref leaf, p9 >> TileLayout.LaneShift);
                Unsafe.Add(ref s0, 10) += Unsafe.Add(ref leaf, p10 >> TileLayout.LaneShift);
                Unsafe.Add(ref s0, 11) += Unsafe.Add(ref leaf, p11 >> TileLayout.LaneShift);
                Unsafe.Add(ref s0, 12) += Unsafe.Add(ref leaf, p12 >> TileLayout.LaneShift);
                Unsafe.Add(ref s0, 13) += Unsafe.Add(ref leaf, p13 >> TileLayout.LaneShift);
                Unsafe.Add(ref s0, 14) += Unsafe.Add(ref leaf, p14 >> TileLayout.LaneShift);
                Unsafe.Add(ref s0, 15) += Unsafe.Add(ref leaf, p15 >> TileLayout.LaneShift);
            }
        }
    }

    private double SumTilePaths(ReadOnlySpan<double> row)
    {
        var layout = _tiles!;
        Span<long> keys = stackalloc long[TileLayout.Lanes];
        for (var f = 0; f < row.Length; f++)
        {
            keys[f] = OrderedKey.Of(row[f]);
        }

        var x = Vector512.Create<long>(keys);
        ref var tiles = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(layout.Tiles), layout.Start);
        ref var leaves = ref MemoryMarshal.GetArrayDataReference(layout.Leaves);
        ref var outcome = ref MemoryMarshal.GetArrayDataReference(TileLayout.NextOffsets);
        nint treeLongs = layout.TreeLongs;
        nint leavesPerTree = layout.LeavesPerTree;
        var sum = 0.0;
        var t = 0;
        for (; t + 8 <= TreeCount; t += 8)
        {
            ref var tree0 = ref Unsafe.Add(ref tiles, t * treeLongs);
            nint p0 = 0, p1 = 0, p2 = 0, p3 = 0, p4 = 0, p5 = 0, p6 = 0, p7 = 0;
            for (var s = layout.Steps; s > 0; s--)
            {
                p0 = TileStep(p0, x, ref tree0, ref outcome);
                p1 = TileStep(p1, x, ref Unsafe.Add(ref tree0, 1 * treeLongs), ref outcome);
                p2 = TileStep(p2, x, ref Unsafe.Add(ref tree0, 2 * treeLongs), ref outcome);
                p3 = TileStep(p3, x, ref Unsafe.Add(ref tree0, 3 * treeLongs), ref outcome);
                p4 = TileStep(p4, x, ref Unsafe.Add(ref tree0, 4 * treeLongs), ref outcome);
                p5 = TileStep(p5, x, ref Unsafe.Add(ref tree0, 5 * treeLongs), ref outcome);
                p6 = TileStep(p6, x, ref Unsafe.Add(ref tree0, 6 * treeLongs), ref outcome);
                p7 = TileStep(p7, x, ref Unsafe.Add(ref tree0, 7 * treeLongs), ref outcome);
            }

            ref var leaf = ref Unsafe.Add(ref leaves, t * leavesPerTree);
            sum += Unsafe.Add(ref leaf, p0 >> TileLayout.LaneShift);
            sum += Unsafe.Add(ref leaf, (p1 >> TileLayout.LaneShift) + (1 * leavesPerTree));
            sum += Unsafe.Add(ref leaf, (p2 >> TileLayout.LaneShift) + (2 * leavesPerTree));
            sum += Unsafe.Add(ref leaf, (p3 >> TileLayout.LaneShift) + (3 * leavesPerTree));
            sum += Unsafe.Add(ref leaf, (p4 >> TileLayout.LaneShift) + (4 * leavesPerTree));
            sum += Unsafe.Add(ref leaf, (p5 >> TileLayout.LaneShift) + (5 * leavesPerTree));
            sum += Unsafe.Add(ref leaf, (p6 >> TileLayout.LaneShift) + (6 * leavesPerTree));
            sum += Unsafe.Add(ref leaf, (p7 >> TileLayout.LaneShift) + (7 * leavesPerTree));
        }

        for (; t < TreeCount; t++)
        {
            ref var tree = ref Unsafe.Add(ref tiles, t * treeLongs);
            nint p = 0;
            for (var s = layout.Steps; s > 0; s--)
            {
                p = TileStep(p, x, ref tree, ref outcome);
            }

            sum += Unsafe.Add(ref leaves, (t * leavesPerTree) + (p >> TileLayout.LaneShift));
        }

        return sum;
    }

    // One tile at offset p (in longs): put each split's feature value in the split's lane, compare all seven splits
    // at once, and turn the "went right" mask into the child's offset, 8p + 8(1 + outcome).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nint TileStep(nint p, Vector512<long> x, ref long tree, ref byte nextOffsets)
    {
        ref var tile = ref Unsafe.Add(ref tree, p);
        var control = Avx512F.ConvertToVector512Int64(Vector128.CreateScalarUnsafe(Unsafe.Add(ref tile, TileLayout.FeatureLane)).AsByte());
        var right = Vector512.GreaterThan(Avx512F.PermuteVar8x64(x, control), Vector512.LoadUnsafe(ref tile));
        return (p * 8) + Unsafe.Add(ref nextOffsets, (nint)right.ExtractMostSignificantBits());
    }
}
