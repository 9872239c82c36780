namespace KubeWise.Core.Detection.Forest;

/// <summary>
/// One isolation tree in scikit-learn's array form (<c>tree_.feature</c>, <c>threshold</c>, <c>children_left</c>,
/// <c>children_right</c>, <c>n_node_samples</c>). Node 0 is the root; a leaf has both children -1.
/// A row goes left when <c>row[Feature[i]] &lt;= Threshold[i]</c>.
/// </summary>
/// <remarks>This is the exchange form (fit output, import, serialization); scoring uses <see cref="IsolationForest"/>'s flat layout.</remarks>
public sealed record IsolationTree(int[] Feature, double[] Threshold, int[] ChildrenLeft, int[] ChildrenRight, int[] NodeSamples)
{
    public const int Leaf = -1;

    public int NodeCount => Feature.Length;

    public bool IsLeaf(int node) => ChildrenLeft[node] == Leaf;
}
