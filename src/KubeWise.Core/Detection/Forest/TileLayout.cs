using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace KubeWise.Core.Detection.Forest;

/// <summary>
/// The trees re-laid as complete 8-ary trees of tiles for the AVX-512 kernel. A tile is three levels of one tree
/// (7 splits) in one 64-byte cache line, so the kernel decides three levels with one load, one permute and one
/// compare, instead of three dependent scalar steps of four loads each.
/// </summary>
/// <remarks>
/// <para>Lanes 0–6 of a tile hold the order keys of its splits in heap order (0 on top, then 1–2, then 3–6).
/// Lane 7 holds the splits' feature indices, one per byte: the kernel widens them into the permute control that
/// puts each split's feature value in the split's lane, so the lane is never compared as a key.</para>
/// <para>A path that ends early continues through its leaf's self-loop (key +∞, so it goes left at every later
/// step). That makes every tree complete at the same depth: each takes exactly <see cref="Steps"/> tile steps with
/// no exit test, and ends on one of 8^<see cref="Steps"/> leaf slots (a leaf reached early fills all its slots).
/// Tile j's children are tiles 8j+1…8j+8; the index past the last level, minus <see cref="TilesPerTree"/>, is the leaf slot.</para>
/// <para>Padding grows as 8^steps, so deep trees (scikit-learn exports with a large <c>max_samples</c>, hand-made
/// trees) keep the scalar kernel: a ψ=512 tree is 73 tiles + 512 slots ≈ 9 KB and stays in L1 while a row block
/// passes through it.</para>
/// </remarks>
internal sealed class TileLayout
{
    /// <summary>Longs per tile: seven split keys and the packed feature bytes.</summary>
    public const int Lanes = 8;

    /// <summary>log2 <see cref="Lanes"/>: a tile offset in longs shifted right by this is the tile index.</summary>
    public const int LaneShift = 3;

    /// <summary>The lane that holds the feature bytes instead of a key.</summary>
    public const int FeatureLane = 7;

    /// <summary>Tree levels one tile covers.</summary>
    public const int LevelsPerTile = 3;

    private const int MaxSteps = 3;

    private const int CacheLine = 64;

    private readonly long[] _storage;

    private TileLayout(int steps, int trees)
    {
        Steps = steps;
        LeavesPerTree = 1 << (LevelsPerTile * steps);
        TilesPerTree = (LeavesPerTree - 1) / 7;

        // Pinned, so the start can be rounded up to a cache line once and stays there: a tile split across two
        // lines would cost two loads on every step. Uninitialized: TryCreate writes every tile and leaf slot a descent can read.
        _storage = GC.AllocateUninitializedArray<long>((trees * TilesPerTree * Lanes) + Lanes - 1, pinned: true);
        var misalignment = (int)(Marshal.UnsafeAddrOfPinnedArrayElement(_storage, 0) % CacheLine);
        Start = ((CacheLine - misalignment) % CacheLine) / sizeof(long);
        Leaves = GC.AllocateUninitializedArray<double>(TilesPerTree + (trees * LeavesPerTree));
    }

    /// <summary>Tile steps per tree: the tree depth rounded up to whole tiles.</summary>
    public int Steps { get; }

    public int TilesPerTree { get; }

    public int LeavesPerTree { get; }

    /// <summary>Longs one tree's tiles take in <see cref="Tiles"/>.</summary>
    public int TreeLongs => TilesPerTree * Lanes;

    /// <summary>Index in <see cref="Tiles"/> of tree 0's first tile (cache-line aligned).</summary>
    public int Start { get; }

    public long[] Tiles => _storage;

    /// <summary>
    /// h(x) of the leaf at each slot, tree after tree, behind <see cref="TilesPerTree"/> unused entries: the tile
    /// index a descent ends on (≥ <see cref="TilesPerTree"/>) then indexes tree t's slots from entry t × <see cref="LeavesPerTree"/>.
    /// </summary>
    public double[] Leaves { get; }

    /// <summary>
    /// For each compare mask (bit i set when split i sends the row right), 8 × (1 + which of the 8 children the row
    /// reaches): added to 8 × a tile's offset it gives the child's offset, so the kernel never multiplies by 64.
    /// Bit 7 comes from the feature lane and is ignored.
    /// </summary>
    public static byte[] NextOffsets { get; } = BuildNextOffsets();

    /// <summary>The tile layout of the forest, or null when this machine or this forest needs the scalar kernel.</summary>
    public static TileLayout? TryCreate(int featureCount, int maxDepth, int[] feature, long[] thresholdKey, int[] left,
        double[] leafPathLength, int[] roots)
    {
        var steps = Math.Max(1, (maxDepth + LevelsPerTile - 1) / LevelsPerTile);

        // One row must fit one 8-lane vector of keys, and the permute control holds feature indices 0-7.
        if (!Avx512F.IsSupported || featureCount > Lanes || steps > MaxSteps)
        {
            return null;
        }

        var layout = new TileLayout(steps, roots.Length);
        var tileRoot = new int[layout.TilesPerTree];
        Span<int> split = stackalloc int[7];
        for (var t = 0; t < roots.Length; t++)
        {
            var tiles = layout._storage.AsSpan(layout.Start + (t * layout.TilesPerTree * Lanes), layout.TilesPerTree * Lanes);
            var leaves = layout.Leaves.AsSpan(layout.TilesPerTree + (t * layout.LeavesPerTree), layout.LeavesPerTree);
            tileRoot[0] = roots[t];
            for (var j = 0; j < layout.TilesPerTree; j++)
            {
                split[0] = tileRoot[j];
                for (var i = 1; i < 7; i++)
                {
                    split[i] = Child(left, split[(i - 1) / 2], goesRight: (i & 1) == 0);
                }

                var features = 0L;
                for (var i = 0; i < 7; i++)
                {
                    tiles[(j * Lanes) + i] = thresholdKey[split[i]];
                    features |= (long)feature[split[i]] << (8 * i);
                }

                tiles[(j * Lanes) + FeatureLane] = features;
                for (var o = 0; o < 8; o++)
                {
                    var node = Child(left, split[3 + (o >> 1)], goesRight: (o & 1) == 1);
                    var next = (8 * j) + 1 + o;
                    if (next < layout.TilesPerTree)
                    {
                        tileRoot[next] = node;
                    }
                    else if (left[node] == node)
                    {
                        leaves[next - layout.TilesPerTree] = leafPathLength[node];
                    }
                    else
                    {
                        throw new InvalidOperationException($"Tree {t} is deeper than its {maxDepth} levels; the depth bookkeeping is wrong.");
                    }
                }
            }
        }

        return layout;
    }

    // A leaf is its own child either way, which is what pads an early leaf down to the last level.
    private static int Child(int[] left, int node, bool goesRight) =>
        left[node] == node ? node : left[node] + (goesRight ? 1 : 0);

    private static byte[] BuildNextOffsets()
    {
        var table = new byte[256];
        for (var mask = 0; mask < table.Length; mask++)
        {
            var r0 = mask & 1;
            var r1 = (mask >> (1 + r0)) & 1;
            var r2 = (mask >> (3 + (2 * r0) + r1)) & 1;
            var child = (r0 << 2) | (r1 << 1) | r2;
            table[mask] = (byte)(Lanes * (1 + child));
        }

        return table;
    }
}
