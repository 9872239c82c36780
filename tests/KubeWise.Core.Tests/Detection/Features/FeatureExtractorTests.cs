using KubeWise.Core.Detection;
using KubeWise.Core.Entities;
using KubeWise.Core.Detection.Features;

namespace KubeWise.Core.Tests.Detection.Features;

public class FeatureExtractorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly FeatureExtractor Extractor = new(new DetectionOptions());

    private static FeatureSchema Schema(MetricKind kind = MetricKind.Gauge) => new(EntityType.Deployment, [new MetricDescriptor("m", kind)]);

    private static MetricSample[] Series(params double[] values) => [.. values.Select((v, i) => new MetricSample(T0.AddSeconds(30 * i), v))];

    private static FeatureVector Extract(MetricSample[] samples, MetricKind kind = MetricKind.Gauge) =>
        Extractor.Extract(new EntityWindow(new EntityKey(EntityType.Deployment, "ns", "app"), samples[^1].Timestamp, [new MetricSeries("m", kind, samples)]), Schema(kind));

    private static double Value(FeatureVector v, string stat) => v.Values[v.Schema.FeatureNames.ToList().IndexOf($"m.{stat}")];

    private static double Raw(FeatureVector v, string stat) => v.Raw[v.Schema.FeatureNames.ToList().IndexOf($"m.{stat}")];

    private static double[] Noisy(int count, double level, double noise, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => level + (noise * ((random.NextDouble() * 2) - 1)))];
    }

    [Fact]
    public void Schema_NamesAreSortedByMetricAndStableWhateverTheInputOrder()
    {
        var a = new FeatureSchema(EntityType.Pod, [new MetricDescriptor("b_total", MetricKind.Counter), new MetricDescriptor("a", MetricKind.Gauge)]);
        var b = new FeatureSchema(EntityType.Pod, [new MetricDescriptor("a", MetricKind.Gauge), new MetricDescriptor("b_total", MetricKind.Counter)]);

        Assert.Equal(a.FeatureNames, b.FeatureNames);
        Assert.Equal(
            ["a.last", "a.mean", "a.std", "a.min", "a.max", "a.slope", "a.diff", "a.zscore",
             "b_total.last", "b_total.mean", "b_total.std", "b_total.min", "b_total.max", "b_total.slope", "b_total.diff", "b_total.zscore", "b_total.rate"],
            a.FeatureNames);
    }

    [Fact]
    public void Schema_DuplicateMetric_IsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new FeatureSchema(EntityType.Pod, [new MetricDescriptor("a", MetricKind.Gauge), new MetricDescriptor("a", MetricKind.Counter)]));
        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_ConstantSeries_GivesZeroDeviationsAndNoNaN()
    {
        var vector = Extract(Series([.. Enumerable.Repeat(42.0, 20)]));

        Assert.All(vector.Values, v => Assert.Equal(0, v));
        Assert.Equal(42, Raw(vector, "last"));
        Assert.True(vector.IsScorable);
    }

    [Fact]
    public void Extract_ZeroSeriesThatJumps_StaysFiniteAndClipped()
    {
        var vector = Extract(Series([.. Enumerable.Repeat(0.0, 19), 5]));

        Assert.All(vector.Values, v => Assert.True(double.IsFinite(v)));
        Assert.Equal(new DetectionOptions().DeviationLimit, Value(vector, "zscore"));
    }

    [Fact]
    public void Extract_NaNInfinityAndOutOfOrderPoints_AreSkipped()
    {
        var samples = Series(1, 2, double.NaN, 3, double.PositiveInfinity, 4, 5, double.NegativeInfinity, 6);
        samples = [.. samples, new MetricSample(samples[2].Timestamp, 100)];

        var vector = Extract(samples);

        Assert.All(vector.Values, v => Assert.True(double.IsFinite(v)));
        // Six usable points remain: the newest two (5, 6) are judged against 1..4; the late 100 never counts.
        Assert.Equal(6, Raw(vector, "last"));
        Assert.Equal(1, Raw(vector, "diff"));
        Assert.Equal(5, Raw(vector, "min"));
        Assert.Equal(6, Raw(vector, "max"));
        Assert.Equal(1, vector.Baseline[vector.Schema.FeatureNames.ToList().IndexOf("m.min")]);
    }

    [Fact]
    public void Extract_TooFewPoints_MarksMetricMissingAndRowUnscorable()
    {
        var vector = Extract(Series(1, double.NaN, 2, 3));

        Assert.Equal(["m"], vector.MissingMetrics);
        Assert.False(vector.IsScorable);
        Assert.All(vector.Values, v => Assert.Equal(0, v));
        Assert.All(vector.Raw, v => Assert.True(double.IsNaN(v)));
    }

    [Fact]
    public void Extract_AbsentMetric_IsReportedMissingButOthersScore()
    {
        var schema = new FeatureSchema(EntityType.Deployment, [new MetricDescriptor("m", MetricKind.Gauge), new MetricDescriptor("absent", MetricKind.Gauge)]);
        var window = new EntityWindow(new EntityKey(EntityType.Deployment, "ns", "app"), T0, [new MetricSeries("m", MetricKind.Gauge, Series(Noisy(20, 5, 1, 1)))]);

        var vector = Extractor.Extract(window, schema);

        Assert.Equal(["absent"], vector.MissingMetrics);
        Assert.True(vector.IsScorable);
    }

    [Fact]
    public void Extract_CounterWithReset_RateCountsTheResetAsIncrease()
    {
        // 10 per second, then the process restarts at point 12 and counts from zero again.
        var values = Enumerable.Range(0, 20).Select(i => i < 12 ? 1000.0 + (300 * i) : 300.0 * (i - 11)).ToArray();

        var vector = Extract(Series(values), MetricKind.Counter);

        Assert.Equal(10, Raw(vector, "rate"), 9);
        Assert.Equal(10, Raw(vector, "min"), 9);
        Assert.Equal(0, Value(vector, "rate"), 9);
        Assert.Equal(19 * 300, CounterMath.Increase(Series(values)), 9);
    }

    [Fact]
    public void Extract_BusyAndIdleEntityWithSameShape_GetTheSameDeviations()
    {
        var shape = Noisy(20, 1, 0.05, 3);
        var idle = Extract(Series([.. shape.Select(v => v * 0.02)]));
        var busy = Extract(Series([.. shape.Select(v => v * 3.5)]));

        for (var i = 0; i < idle.Values.Count; i++)
        {
            Assert.Equal(idle.Values[i], busy.Values[i], 9);
        }

        Assert.InRange(Value(busy, "zscore"), -4, 4);
    }

    [Fact]
    public void Extract_Spike_ShowsInZScoreDiffAndMax()
    {
        var values = Noisy(20, 100, 2, 5);
        values[^1] = 160;

        var vector = Extract(Series(values));

        Assert.True(Value(vector, "zscore") > 15);
        Assert.True(Value(vector, "diff") > 15);
        Assert.True(Value(vector, "max") > 10);
        Assert.Equal(160, Raw(vector, "last"));
    }

    [Fact]
    public void Extract_SlowLeak_ShowsInSlope()
    {
        // 1 % of the level per 30 s step: small next to a noisy CPU series, but a steady climb for memory.
        var values = Noisy(20, 1e9, 1e6, 6).Select((v, i) => v + (i * 1e7)).ToArray();

        var vector = Extract(Series(values));

        Assert.True(Value(vector, "slope") > 10);
        Assert.Equal(1e7 / 30, Raw(vector, "slope"), 1e7 / 30 * 0.05);
    }

    [Fact]
    public void Extract_FlatLine_ShowsAsCollapsedNoise()
    {
        var values = Noisy(20, 50, 5, 7);
        for (var i = 15; i < 20; i++)
        {
            values[i] = 50;
        }

        var vector = Extract(Series(values));

        Assert.True(Value(vector, "std") < -3);
        Assert.True(Raw(vector, "std") < 1e-6);
    }

    [Fact]
    public void Extract_LargeLevelWithTinyNoise_KeepsPrecision()
    {
        var values = Noisy(20, 1.7e12, 1, 8);

        var vector = Extract(Series(values));

        Assert.InRange(Raw(vector, "std"), 0.2, 1.2);
        Assert.All(vector.Values, v => Assert.True(double.IsFinite(v)));
    }
}
