using KubeWise.Core.Detection.Forest;

namespace KubeWise.Core.Tests.Detection.Forest;

public sealed class IsolationForestInputTests
{
    private static readonly IsolationForest Forest = IsolationForest.Fit(ForestData.Inliers(500, seed: 3), ForestData.Features, trees: 20);

    [Fact]
    public void ScoreSample_NaNValue_ThrowsNamingTheFeature()
    {
        var row = ForestData.Centre();
        row[5] = double.NaN;

        var error = Assert.Throws<ArgumentException>(() => Forest.ScoreSample(row));

        Assert.Contains("Feature 5", error.Message, StringComparison.Ordinal);
        Assert.Contains("NaN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScoreSample_WrongFeatureCount_ThrowsNamingBothCounts()
    {
        var error = Assert.Throws<ArgumentException>(() => Forest.ScoreSample(new double[7]));

        Assert.Contains("7 values", error.Message, StringComparison.Ordinal);
        Assert.Contains("8 features", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScoreSamples_InfinityInThirdRow_ThrowsAndWritesNothing()
    {
        var rows = ForestData.Inliers(4, seed: 5);
        rows[(2 * ForestData.Features) + 1] = double.PositiveInfinity;
        var scores = new double[4];

        var error = Assert.Throws<ArgumentException>(() => Forest.ScoreSamples(rows, scores));

        Assert.Contains("Row 2, feature 1", error.Message, StringComparison.Ordinal);
        Assert.All(scores, s => Assert.Equal(0.0, s));
    }

    [Fact]
    public void ScoreSamples_RaggedRowsOrShortOutput_Throw()
    {
        Assert.Throws<ArgumentException>(() => Forest.ScoreSamples(new double[17], new double[2]));
        var error = Assert.Throws<ArgumentException>(() => Forest.ScoreSamples(new double[16], new double[3]));
        Assert.Contains("2 rows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_EmptyTrainingSet_ThrowsClearError()
    {
        var error = Assert.Throws<ArgumentException>(() => IsolationForest.Fit(ReadOnlySpan<double>.Empty, ForestData.Features));

        Assert.Contains("at least 2 training rows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_NaNInTrainingRow_ThrowsNamingRowAndFeature()
    {
        var rows = ForestData.Inliers(10, seed: 4);
        rows[(6 * ForestData.Features) + 3] = double.NaN;

        var error = Assert.Throws<ArgumentException>(() => IsolationForest.Fit(rows, ForestData.Features));

        Assert.Contains("row 6, feature 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromTrees_ChildPointingBackAtRoot_IsRejected()
    {
        var cyclic = new IsolationTree([0, -1], [1.0, 0.0], [1, -1], [0, -1], [2, 1]);

        var error = Assert.Throws<ArgumentException>(() => IsolationForest.FromTrees([cyclic], 8, 256));

        Assert.Contains("Tree 0, node 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromTrees_SplitOnMissingFeature_IsRejected()
    {
        var tree = new IsolationTree([9, -1, -1], [1.0, 0, 0], [1, -1, -1], [2, -1, -1], [2, 1, 1]);

        var error = Assert.Throws<ArgumentException>(() => IsolationForest.FromTrees([tree], 8, 256));

        Assert.Contains("feature 9", error.Message, StringComparison.Ordinal);
    }
}
