namespace KubeWise.Core.Detection.Forest;

/// <summary>One split a row passed on its way down a tree (for per-feature explanations such as DIFFI).</summary>
/// <param name="Depth">Depth of the split node; the root is 0.</param>
/// <param name="Feature">Feature the node splits on.</param>
/// <param name="Threshold">The row went left when its value was &lt;= this.</param>
/// <param name="WentLeft">Which side the row took.</param>
/// <param name="NodeSamples">Training samples that reached the node.</param>
/// <param name="LeftSamples">Training samples sent left (the rest went right): DIFFI's induced imbalance comes from these.</param>
public readonly record struct PathStep(int Depth, int Feature, double Threshold, bool WentLeft, int NodeSamples, int LeftSamples)
{
    public int RightSamples => NodeSamples - LeftSamples;
}

/// <summary>Where a row ended in one tree.</summary>
/// <param name="Depth">Depth of the leaf, which is also the number of <see cref="PathStep"/>s written.</param>
/// <param name="LeafSamples">Training samples in the leaf.</param>
/// <param name="PathLength">h(x) for this tree: depth + c(leaf samples).</param>
public readonly record struct TreePath(int Depth, int LeafSamples, double PathLength);
