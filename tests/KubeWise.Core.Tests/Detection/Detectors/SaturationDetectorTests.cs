using KubeWise.Core.Detection;
using KubeWise.Core.Detection.Detectors;
using KubeWise.Core.Entities;
using KubeWise.Core.Scanning;

namespace KubeWise.Core.Tests.Detection.Detectors;

public sealed class SaturationDetectorTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 18, 0, 0, TimeSpan.Zero);
    private static readonly EntityKey Deployment = new(EntityType.Deployment, "shop", "checkout");
    private static readonly SaturationDetector Memory = SaturationDetector.Memory(new DetectionOptions());
    private static readonly SaturationDetector Cpu = SaturationDetector.Cpu(new DetectionOptions());

    /// <summary>A look-back of <paramref name="hours"/> at 5 min ending at the window's start, then a 10-minute window at 15 s.</summary>
    private static EntityWindow Window(string signal, Func<DateTimeOffset, double> ratio, double hours = 6)
    {
        var random = new Random(11);
        double Noisy(DateTimeOffset t) => ratio(t) + ((random.NextDouble() - 0.5) * 0.02);
        var windowStart = Now.AddMinutes(-10);
        var history = Enumerable.Range(0, (int)(hours * 12)).Select(i => windowStart.AddMinutes(-5 * ((hours * 12) - i)))
            .Select(t => new MetricSample(t, Noisy(t))).ToList();
        var window = Enumerable.Range(0, 41).Select(i => windowStart.AddSeconds(15 * i)).Select(t => new MetricSample(t, Noisy(t))).ToArray();
        var baselines = new Dictionary<string, SignalBaseline> { [signal] = BaselineStatistics.Of(history) };
        return new EntityWindow(Deployment, Now, [new MetricSeries(signal, MetricKind.Gauge, window)]) { Facts = new EntityFacts { Baselines = baselines } };
    }

    [Fact]
    public void Detect_At95PercentAllDay_IsNormal()
    {
        Assert.Null(Memory.Detect(Window("memory_limit_ratio", _ => 0.95)));
        Assert.Null(Cpu.Detect(Window("cpu_limit_ratio", _ => 0.95)));
    }

    [Fact]
    public void Detect_CpuPinnedAtItsLimitSince15MinutesAfterHoursAt30Percent_NamesTheBaselineAndTheOnset()
    {
        var onset = Now.AddMinutes(-15);

        var anomaly = Cpu.Detect(Window("cpu_limit_ratio", t => t >= onset ? 0.99 : 0.3));

        Assert.NotNull(anomaly);
        Assert.Equal(DetectorIds.CpuNearLimit, anomaly.Detector);
        var evidence = anomaly.TopEvidence;
        Assert.Equal("cpu_limit_ratio", evidence.Name);
        Assert.InRange(evidence.Baseline!.Value, 0.28, 0.32);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 17, 45, 0, TimeSpan.Zero), evidence.Onset);
        var stored = KubeWise.Core.Events.EvidenceItem.From(anomaly.Detector, evidence);
        Assert.Equal(evidence.Baseline, stored.Baseline);
        Assert.Equal(evidence.Onset, stored.Onset);
        Assert.Matches(@"^CPU at (98|99|100) % of its limit since 2026-03-01 17:45 UTC \(baseline 30 % ± [0-9.]+ % over the previous 6 h\)$", evidence.Description);
    }

    [Fact]
    public void Detect_MemoryGrowingInTheWindowAfterHoursAt40Percent_PredictsWhenItReachesTheLimit()
    {
        // 40 % until 40 min ago, then +2 % of the limit per minute: 20 % per 10 min, 90 % now.
        var start = Now.AddMinutes(-40);

        var anomaly = Memory.Detect(Window("memory_limit_ratio", t => t <= start ? 0.4 : Math.Min(0.4 + ((t - start).TotalMinutes * 0.0125), 1)));

        Assert.NotNull(anomaly);
        var trend = Assert.Single(anomaly.Evidence, e => e.Name == "memory_limit_ratio.time_to_limit_seconds");
        Assert.Matches(@"^memory reaches its limit in ~[0-9]+ min \(growing 1[0-9] %/10 min since 2026-03-01 17:", trend.Description);
        Assert.InRange(trend.Value, 4 * 60, 16 * 60);
    }

    [Fact]
    public void Detect_SlowLeakThroughTheWholeLookBack_IsFoundByItsTrend()
    {
        // 0.5 % of the limit per 10 minutes for longer than the look-back: its median is the ramp itself.
        var anomaly = Memory.Detect(Window("memory_limit_ratio", t => 0.88 - ((Now - t).TotalMinutes / 10 * 0.005)));

        Assert.NotNull(anomaly);
        Assert.Matches(@"^memory reaches its limit in ~[0-9.]+ h \(at 8[78] % now, growing 0\.5 %/10 min since at least ", anomaly.TopEvidence.Description);
    }

    [Fact]
    public void Detect_WithoutAnHourOfBaseline_JudgesNothing()
    {
        var onset = Now.AddMinutes(-15);

        Assert.Null(Cpu.Detect(Window("cpu_limit_ratio", t => t >= onset ? 0.99 : 0.3, hours: 0.5)));
    }

    [Fact]
    public void BaselineStatistics_TwoHoursOfIncidentInSixHours_BarelyMoveTheLevel()
    {
        var from = Now.AddHours(-6);
        var samples = Enumerable.Range(0, 72).Select(i => new MetricSample(from.AddMinutes(5 * i), i >= 48 ? 1.0 : 0.3 + (0.01 * (i % 3)))).ToList();

        var baseline = BaselineStatistics.Of(samples);

        Assert.InRange(baseline.Level, 0.3, 0.32);
        Assert.InRange(baseline.Spread, 0, 0.03);
    }
}
