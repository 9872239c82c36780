using KubeWise.Core.Detection.Forest;

namespace KubeWise.Core.Tests.Detection.Forest;

public sealed class IsolationForestConcurrencyTests
{
    [Fact]
    public void ScoreSample_ManyThreadsAtOnce_EqualsSequentialAndBatchScores()
    {
        var forest = IsolationForest.Fit(ForestData.Inliers(3000, seed: 2), ForestData.Features);
        const int count = 5000;
        var rows = ForestData.Inliers(count, seed: 12);
        for (var i = 0; i < count; i += 50)
        {
            for (var f = 0; f < ForestData.Features; f++)
            {
                rows[(i * ForestData.Features) + f] += 35;
            }
        }

        var sequential = new double[count];
        for (var i = 0; i < count; i++)
        {
            sequential[i] = forest.ScoreSample(rows.AsSpan(i * ForestData.Features, ForestData.Features));
        }

        var batch = new double[count];
        forest.ScoreSamples(rows, batch);
        var parallel = new double[count];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            i => parallel[i] = forest.ScoreSample(rows.AsSpan(i * ForestData.Features, ForestData.Features)));
        var parallelBatches = new double[count];
        Parallel.For(0, count / 100, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            b => forest.ScoreSamples(rows.AsSpan(b * 100 * ForestData.Features, 100 * ForestData.Features), parallelBatches.AsSpan(b * 100, 100)));

        Assert.Equal(sequential, parallel);
        Assert.Equal(sequential, batch);
        Assert.Equal(sequential, parallelBatches);
        Assert.True(sequential.Min() < -0.6, "the spiked rows score as outliers");
    }
}
