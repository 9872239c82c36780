using KubeWise.Core.Detection;
using KubeWise.Core.Entities;
using KubeWise.Core.Detection.Explanations;
using KubeWise.Core.Detection.Features;
using KubeWise.Core.Detection.Forest;

namespace KubeWise.Core.Tests.Detection.Explanations;

public class ForestExplainerTests
{
    private static IsolationForest Fit()
    {
        var random = new Random(3);
        var rows = new double[2000 * 3];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = (random.NextDouble() * 2) - 1;
        }

        return IsolationForest.Fit(rows, 3, trees: 100, sampleSize: 256, seed: 42);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Contributions_RowOutlyingInOneFeature_CreditsThatFeatureMost(int feature)
    {
        var forest = Fit();
        double[] row = [0.1, -0.2, 0.05];
        row[feature] = 6;
        var contributions = new double[3];

        ForestExplainer.Contributions(forest, row, contributions);

        Assert.Equal(feature, Array.IndexOf(contributions, contributions.Max()));
        Assert.All(contributions, c => Assert.True(c >= 0));
    }

    [Fact]
    public void Contributions_WrongSpanLength_IsRejected()
    {
        var forest = Fit();

        Assert.Throws<ArgumentException>(() => ForestExplainer.Contributions(forest, [0, 0, 0], new double[2]));
    }

    [Fact]
    public void Explain_EvidenceOrderedByContributionWithSharesSummingToOne()
    {
        var schema = new FeatureSchema(EntityType.Pod, [new MetricDescriptor("m", MetricKind.Gauge)]);
        var model = new EntityModel(schema, Fit());
        var t0 = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var samples = Enumerable.Range(0, 20).Select(i => new MetricSample(t0.AddSeconds(30 * i), i == 19 ? 200 : 100 + Math.Sin(i))).ToArray();
        var vector = new FeatureExtractor(new DetectionOptions()).Extract(new EntityWindow(new EntityKey(EntityType.Pod, "ns", "p"), t0, [MetricSeries.Gauge("m", samples)]), schema);

        var evidence = ForestExplainer.Explain(model, vector, model.ScoreBlocks(vector), threshold: -0.2, max: 10);

        Assert.NotEmpty(evidence);
        Assert.Equal(evidence.OrderByDescending(e => e.Contribution).Select(e => e.Name), evidence.Select(e => e.Name));
        Assert.Equal(1.0, evidence.Sum(e => e.Contribution), 9);
        Assert.Equal("m.zscore", evidence[0].Name);
        Assert.Equal(200, evidence[0].Value);
        Assert.StartsWith("m.zscore = 200 (baseline 100", evidence[0].Description, StringComparison.Ordinal);
    }
}
