namespace KubeWise.Core.Detection.Forest;

/// <summary>Lays trees out breadth-first into the forest's flat arrays, checking each is a proper binary tree.</summary>
internal sealed class FlatLayout(int capacity)
{
    public int[] Feature { get; } = new int[capacity];

    public double[] Threshold { get; } = new double[capacity];

    public int[] Left { get; } = new int[capacity];

    public int[] NodeSamples { get; } = new int[capacity];

    public double[] LeafPathLength { get; } = new double[capacity];

    public int Count { get; private set; }

    /// <summary>Appends a tree and returns the depth of its deepest leaf.</summary>
    public int Append(IsolationTree tree, int treeIndex, int featureCount)
    {
        var nodes = tree.NodeCount;
        var seen = new bool[nodes];
        var source = new int[nodes];
        var depth = new int[nodes];
        var start = Count;
        source[0] = 0;
        seen[0] = true;
        var next = 1;
        var maxDepth = 0;
        for (var i = 0; i < next; i++)
        {
            var old = source[i];
            var at = start + i;
            var samples = tree.NodeSamples[old];
            if (samples < 1)
            {
                throw Invalid(treeIndex, old, $"has {samples} samples; every node holds at least one");
            }

            NodeSamples[at] = samples;
            int l = tree.ChildrenLeft[old], r = tree.ChildrenRight[old];
            if (l == IsolationTree.Leaf && r == IsolationTree.Leaf)
            {
                Feature[at] = 0;
                Threshold[at] = double.PositiveInfinity;
                Left[at] = at;
                LeafPathLength[at] = depth[i] + 1.0 + AveragePathLength.Of(samples) - 1.0;
                maxDepth = Math.Max(maxDepth, depth[i]);
                continue;
            }

            var feature = tree.Feature[old];
            var threshold = tree.Threshold[old];
            if ((uint)feature >= (uint)featureCount)
            {
                throw Invalid(treeIndex, old, $"splits on feature {feature}, outside 0..{featureCount - 1}");
            }

            if (!double.IsFinite(threshold))
            {
                throw Invalid(treeIndex, old, $"has threshold {threshold}; split thresholds must be finite");
            }

            if ((uint)l >= (uint)nodes || (uint)r >= (uint)nodes || l == r || seen[l] || seen[r])
            {
                throw Invalid(treeIndex, old, $"has children {l} and {r}; each must be a distinct, unused node of the tree (or both -1 for a leaf)");
            }

            seen[l] = seen[r] = true;
            source[next] = l;
            source[next + 1] = r;
            depth[next] = depth[next + 1] = depth[i] + 1;
            Feature[at] = feature;
            Threshold[at] = threshold;
            Left[at] = start + next;
            next += 2;
        }

        if (next != nodes)
        {
            throw new ArgumentException($"Tree {treeIndex}: {nodes - next} of its {nodes} nodes cannot be reached from the root.");
        }

        Count += nodes;
        return maxDepth;
    }

    private static ArgumentException Invalid(int tree, int node, string what) => new($"Tree {tree}, node {node} {what}.");
}
