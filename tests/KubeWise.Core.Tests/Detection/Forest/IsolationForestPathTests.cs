using KubeWise.Core.Detection.Forest;

namespace KubeWise.Core.Tests.Detection.Forest;

public sealed class IsolationForestPathTests
{
    private static readonly IsolationForest Forest = IsolationForest.Fit(ForestData.Inliers(2000, seed: 6), ForestData.Features);

    [Fact]
    public void WalkPath_EveryTree_StepsFollowThresholdsAndPathLengthsGiveTheScore()
    {
        var row = ForestData.SpikeOn(4);
        Span<PathStep> steps = stackalloc PathStep[Forest.MaxDepth];
        var total = 0.0;

        for (var t = 0; t < Forest.TreeCount; t++)
        {
            var path = Forest.WalkPath(t, row, steps);
            total += path.PathLength;
            Assert.Equal(path.Depth + AveragePathLength.Of(path.LeafSamples), path.PathLength, 12);
            var expectedSamples = 256;
            for (var d = 0; d < path.Depth; d++)
            {
                var step = steps[d];
                Assert.Equal(d, step.Depth);
                Assert.Equal(row[step.Feature] <= step.Threshold, step.WentLeft);
                Assert.Equal(expectedSamples, step.NodeSamples);
                expectedSamples = step.WentLeft ? step.LeftSamples : step.RightSamples;
            }

            Assert.Equal(expectedSamples, path.LeafSamples);
        }

        var expected = -Math.Pow(2, -(total / (Forest.TreeCount * AveragePathLength.Of(Forest.SampleSize))));
        Assert.Equal(expected, Forest.ScoreSample(row), 12);
    }

    [Fact]
    public void AccumulatePathFeatureWeights_SpikeOnOneFeature_ThatFeatureWeighsMost()
    {
        for (var feature = 0; feature < ForestData.Features; feature++)
        {
            var weights = new double[ForestData.Features];

            Forest.AccumulatePathFeatureWeights(ForestData.SpikeOn(feature), weights);

            var heaviest = Array.IndexOf(weights, weights.Max());
            Assert.Equal(feature, heaviest);
        }
    }

    [Fact]
    public void WalkPath_SpanShorterThanMaxDepth_Throws()
    {
        var steps = new PathStep[Forest.MaxDepth - 1];

        Assert.Throws<ArgumentException>(() => Forest.WalkPath(0, ForestData.Centre(), steps));
    }
}
