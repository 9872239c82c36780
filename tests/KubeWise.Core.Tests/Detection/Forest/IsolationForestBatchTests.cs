using KubeWise.Core.Detection.Forest;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace KubeWise.Core.Tests.Detection.Forest;

public sealed class IsolationForestBatchTests
{
    [Theory]
    [InlineData(3, 1)]
    [InlineData(8, 137)]
    [InlineData(150, 37)]
    public void ScoreSamples_AnyWidthAndRowCount_EqualsRowByRowScores(int features, int rows)
    {
        var normal = new Normal(0, 1, new Xoshiro256StarStar(features));
        var training = normal.Samples().Take(600 * features).ToArray();
        var forest = IsolationForest.Fit(training, features, trees: 30);
        var probe = normal.Samples().Take(rows * features).ToArray();
        probe[0] = 25;
        if (rows > 1)
        {
            probe[features] = -0.0;
        }

        var batch = new double[rows];
        forest.ScoreSamples(probe, batch);

        for (var r = 0; r < rows; r++)
        {
            Assert.Equal(forest.ScoreSample(probe.AsSpan(r * features, features)), batch[r]);
        }
    }

    [Fact]
    public void ScoreSample_ValueExactlyOnThreshold_GoesLeftLikeScikitLearn()
    {
        // Root splits feature 0 at 1.5: x <= 1.5 goes to the 1-sample leaf (path 1), x > 1.5 to the 3-sample leaf (1 + c(3)).
        var tree = new IsolationTree([0, -1, -1], [1.5, 0, 0], [1, -1, -1], [2, -1, -1], [4, 1, 3]);
        var forest = IsolationForest.FromTrees([tree], featureCount: 1, sampleSize: 4);
        Span<PathStep> steps = stackalloc PathStep[1];

        var onThreshold = forest.WalkPath(0, [1.5], steps);
        var justAbove = forest.WalkPath(0, [Math.BitIncrement(1.5)], steps);

        Assert.Equal(1, onThreshold.LeafSamples);
        Assert.Equal(3, justAbove.LeafSamples);
        Assert.Equal(-Math.Pow(2, -1.0 / AveragePathLength.Of(4)), forest.ScoreSample([1.5]), 15);
        Assert.Equal(-Math.Pow(2, -(1.0 + AveragePathLength.Of(3)) / AveragePathLength.Of(4)), forest.ScoreSample([Math.BitIncrement(1.5)]), 15);
        double[] batch = new double[2];
        forest.ScoreSamples([1.5, Math.BitIncrement(1.5)], batch);
        Assert.Equal([forest.ScoreSample([1.5]), forest.ScoreSample([Math.BitIncrement(1.5)])], batch);
    }

    [Fact]
    public void ScoreSample_NegativeZeroAgainstZeroThreshold_GoesLeft()
    {
        var tree = new IsolationTree([0, -1, -1], [0.0, 0, 0], [1, -1, -1], [2, -1, -1], [4, 1, 3]);
        var forest = IsolationForest.FromTrees([tree], featureCount: 1, sampleSize: 4);

        Assert.Equal(forest.ScoreSample([-1.0]), forest.ScoreSample([-0.0]));
        Assert.Equal(forest.ScoreSample([-1.0]), forest.ScoreSample([0.0]));
        Assert.NotEqual(forest.ScoreSample([-1.0]), forest.ScoreSample([double.Epsilon]));
    }
}
