using KubeWise.Core.Detection;
using KubeWise.Core.Detection.Forest;
using MathNet.Numerics.LinearAlgebra;

namespace KubeWise.Core.Tests.Detection.Forest;

public sealed class IsolationForestFitTests
{
    private static readonly double[] Training = ForestData.Inliers(2000, seed: 1);

    [Fact]
    public void Fit_SameSeed_GivesIdenticalForest()
    {
        var first = IsolationForest.Fit(Training, ForestData.Features, new DetectionOptions { Seed = 7 });
        var second = IsolationForest.Fit(Training, ForestData.Features, new DetectionOptions { Seed = 7 });

        Assert.Equal(IsolationForestSerializer.Serialize(first), IsolationForestSerializer.Serialize(second));
        Assert.Equal(first.ScoreSample(ForestData.SpikeOn(2)), second.ScoreSample(ForestData.SpikeOn(2)));
    }

    [Fact]
    public void Fit_DifferentSeed_GivesDifferentTrees()
    {
        var first = IsolationForest.Fit(Training, ForestData.Features, seed: 7);
        var second = IsolationForest.Fit(Training, ForestData.Features, seed: 8);

        Assert.NotEqual(IsolationForestSerializer.Serialize(first), IsolationForestSerializer.Serialize(second));
    }

    [Fact]
    public void Fit_DefaultOptions_Grows100TreesOn256SamplesToDepth8()
    {
        var forest = IsolationForest.Fit(Training, ForestData.Features, new DetectionOptions());

        Assert.Equal(100, forest.TreeCount);
        Assert.Equal(256, forest.SampleSize);
        Assert.Equal(IsolationForest.AutoContaminationOffset, forest.Offset);
        Assert.Equal(8, forest.MaxDepth);
        for (var t = 0; t < forest.TreeCount; t++)
        {
            var tree = forest.GetTree(t);
            Assert.Equal(256, tree.NodeSamples[0]);
            var leafSamples = Enumerable.Range(0, tree.NodeCount).Where(tree.IsLeaf).Sum(n => tree.NodeSamples[n]);
            Assert.Equal(256, leafSamples);
        }
    }

    [Fact]
    public void Fit_FewerRowsThanSampleSize_SubsamplesAllRows()
    {
        var forest = IsolationForest.Fit(Training.AsSpan(0, 100 * ForestData.Features), ForestData.Features, new DetectionOptions());

        Assert.Equal(100, forest.SampleSize);
        Assert.Equal(7, forest.MaxDepth);
    }

    [Fact]
    public void Score_ObviousOutliers_FallBelowSeedThresholdWhileInliersStayAbove()
    {
        var options = new DetectionOptions();
        var forest = IsolationForest.Fit(Training, ForestData.Features, options);
        var fresh = ForestData.Inliers(500, seed: 99);
        var decisions = new double[500];
        forest.DecisionFunction(fresh, decisions);

        // Like a pod whose CPU, memory, latency and restarts all jump at once.
        double[][] obvious = [ForestData.SpikeOn([0, 1, 2, 3, 4, 5, 6, 7]), ForestData.SpikeOn([0, 1, 2, 3, 4, 5, 6, 7], -40),
            ForestData.Centre().Select((v, f) => v + (f % 2 == 0 ? 40 : -40)).ToArray()];
        foreach (var spike in obvious)
        {
            Assert.True(forest.IsAnomalous(spike, options.ScoreThreshold), $"spike {string.Join(',', spike)}: decision {forest.DecisionFunction(spike)}");
        }

        // Half the features off still ranks below nearly every normal row, though not past the seed's threshold
        // (scikit-learn scores such rows about -0.1 too).
        var firstPercentile = decisions.Order().ElementAt(5);
        int[][] halves = [[0, 1, 2, 3], [4, 5, 6, 7], [1, 3, 5, 7]];
        foreach (var half in halves)
        {
            var decision = forest.DecisionFunction(ForestData.SpikeOn(half));
            Assert.True(decision < firstPercentile, $"spike on {string.Join(',', half)}: decision {decision}, 1st percentile of inliers {firstPercentile}");
        }

        Assert.False(forest.IsAnomalous(ForestData.Centre(), options.ScoreThreshold));
        Assert.True(forest.DecisionFunction(ForestData.Centre()) > 0, "the cluster centre is clearly normal");
        Assert.True(decisions.Count(d => d < options.ScoreThreshold) <= 5, $"{decisions.Count(d => d < options.ScoreThreshold)} of 500 fresh inliers flagged");
    }

    [Fact]
    public void Fit_AllRowsIdentical_EveryTreeIsOneLeafAndScoresMinusHalf()
    {
        var same = Enumerable.Repeat(3.0, 50 * ForestData.Features).ToArray();

        var forest = IsolationForest.Fit(same, ForestData.Features, trees: 10);

        Assert.Equal(0, forest.MaxDepth);
        Assert.All(Enumerable.Range(0, 10), t => Assert.Equal(1, forest.GetTree(t).NodeCount));
        // h(x) = c(ψ) in every tree, so the score is -2^-1 whatever the row.
        Assert.Equal(-0.5, forest.ScoreSample(ForestData.Centre()), 12);
    }

    [Fact]
    public void Fit_MathNetMatrix_MatchesRowMajorFit()
    {
        var matrix = Matrix<double>.Build.Dense(2000, ForestData.Features, (r, c) => Training[(r * ForestData.Features) + c]);

        var fromMatrix = IsolationForest.Fit(matrix, new DetectionOptions());
        var fromSpan = IsolationForest.Fit(Training, ForestData.Features, new DetectionOptions());

        Assert.Equal(IsolationForestSerializer.Serialize(fromSpan), IsolationForestSerializer.Serialize(fromMatrix));
    }

    [Fact]
    public void AveragePathLength_KnownValues_MatchLiuTingZhou()
    {
        Assert.Equal(0.0, AveragePathLength.Of(1));
        Assert.Equal(1.0, AveragePathLength.Of(2));
        // 2(ln 255 + γ) - 2·255/256, the normaliser for ψ = 256 (scikit-learn's _average_path_length([256])).
        Assert.Equal(10.244770920119917, AveragePathLength.Of(256), 12);
    }
}
