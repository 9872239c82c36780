using KubeWise.Core.Detection;
using KubeWise.Core.Detection.Detectors;
using KubeWise.Core.Entities;

namespace KubeWise.Core.Tests.Detection.Detectors;

public class FlatLineDetectorTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly FlatLineDetector Detector = new(new DetectionOptions());

    private static Anomaly? Detect(MetricKind kind, Func<int, double> value)
    {
        var samples = Enumerable.Range(0, 20).Select(i => new MetricSample(Now.AddSeconds(30 * (i - 19)), value(i))).ToArray();
        return Detector.Detect(new EntityWindow(new EntityKey(EntityType.Deployment, "shop", "api"), Now, [new MetricSeries("m", kind, samples)]));
    }

    private static double Noise(int i) => 100 + (10 * Math.Sin(i * 1.7)) + (3 * Math.Cos(i * 4.1));

    [Fact]
    public void Detect_GaugeFrozenInsideItsRange_FiresWithStdEvidence()
    {
        var anomaly = Detect(MetricKind.Gauge, i => i >= 15 ? 101.5 : Noise(i));

        Assert.NotNull(anomaly);
        Assert.Equal("FlatLine", anomaly.Detector);
        Assert.Equal("m.std", anomaly.TopEvidence.Name);
        Assert.Contains("m stopped varying at 101.5", anomaly.TopEvidence.Description, StringComparison.Ordinal);
        Assert.True(anomaly.TopEvidence.Deviation < -3);
    }

    [Fact]
    public void Detect_NoisyGauge_DoesNotFire() => Assert.Null(Detect(MetricKind.Gauge, Noise));

    [Fact]
    public void Detect_ConstantAllAlong_DoesNotFire() => Assert.Null(Detect(MetricKind.Gauge, _ => 3));

    [Fact]
    public void Detect_GaugeRestingAtItsFloor_DoesNotFire() =>
        Assert.Null(Detect(MetricKind.Gauge, i => i >= 15 || i % 3 == 0 ? 0 : 5 + i));

    [Fact]
    public void Detect_StepLikeGauge_DoesNotFire() =>
        Assert.Null(Detect(MetricKind.Gauge, i => i < 5 ? 2 : i < 10 ? 4 : i < 13 ? 1 : 3));

    [Fact]
    public void Detect_SporadicCounterGoingQuiet_DoesNotFire() =>
        Assert.Null(Detect(MetricKind.Counter, i => Math.Min(i, 15) / 3));
}
