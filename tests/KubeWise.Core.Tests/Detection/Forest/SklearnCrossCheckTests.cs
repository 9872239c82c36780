using KubeWise.Core.Detection.Forest;

namespace KubeWise.Core.Tests.Detection.Forest;

public sealed class SklearnCrossCheckTests
{
    private const double Tolerance = 1e-9;
    private static readonly SklearnForestFixture Fixture = SklearnForestFixture.Instance;

    [Fact]
    public void ScoreSamples_SklearnExportedForest_ReproducesSklearnScores()
    {
        var forest = Fixture.ToForest();
        var scores = new double[Fixture.Rows.Length];

        forest.ScoreSamples(Fixture.RowsRowMajor, scores);

        Assert.Equal(100, forest.TreeCount);
        for (var i = 0; i < scores.Length; i++)
        {
            Assert.True(Math.Abs(scores[i] - Fixture.ScoreSamples[i]) <= Tolerance, $"row {i}: KubeWise {scores[i]:R}, scikit-learn {Fixture.ScoreSamples[i]:R}");
        }
    }

    [Fact]
    public void DecisionFunction_SklearnExportedForest_ReproducesSklearnDecisionsRowByRow()
    {
        var forest = Fixture.ToForest();

        for (var i = 0; i < Fixture.Rows.Length; i++)
        {
            var decision = forest.DecisionFunction(Fixture.Rows[i]);
            Assert.True(Math.Abs(decision - Fixture.DecisionFunction[i]) <= Tolerance, $"row {i}: KubeWise {decision:R}, scikit-learn {Fixture.DecisionFunction[i]:R}");
            Assert.Equal(Fixture.DecisionFunction[i] < -0.2, forest.IsAnomalous(Fixture.Rows[i], -0.2));
        }
    }

    [Fact]
    public void DecisionFunction_SklearnExportedForest_FlagsInjectedOutliersAtSeedThreshold()
    {
        var forest = Fixture.ToForest();
        var decisions = new double[Fixture.Rows.Length];

        forest.DecisionFunction(Fixture.RowsRowMajor, decisions);

        // Rows 150..199 are the generator's outliers; 0..149 are clean draws from the training distribution.
        var flaggedOutliers = decisions[150..200].Count(d => d < -0.2);
        var flaggedInliers = decisions[..150].Count(d => d < -0.2);
        Assert.True(flaggedOutliers >= 45, $"{flaggedOutliers} of 50 outliers flagged");
        Assert.True(flaggedInliers <= 3, $"{flaggedInliers} of 150 inliers flagged");
    }

    [Fact]
    public void Fit_SameDataAsSklearn_ScoresCloseToSklearnsOwnFit()
    {
        // Different random streams give different trees, but the same algorithm must give nearly the same scores.
        var forest = IsolationForest.Fit(Fixture.TrainRowMajor, Fixture.FeatureCount, trees: 100, sampleSize: 256, seed: 11);
        var scores = new double[Fixture.Rows.Length];

        forest.ScoreSamples(Fixture.RowsRowMajor, scores);

        Assert.Equal(Fixture.MaxSamples, forest.SampleSize);
        var meanAbsoluteDifference = scores.Zip(Fixture.ScoreSamples, (a, b) => Math.Abs(a - b)).Average();
        var correlation = MathNet.Numerics.Statistics.Correlation.Pearson(scores, Fixture.ScoreSamples);
        Assert.True(meanAbsoluteDifference < 0.02, $"mean |KubeWise - scikit-learn| = {meanAbsoluteDifference}");
        Assert.True(correlation > 0.95, $"correlation {correlation}");
    }
}
