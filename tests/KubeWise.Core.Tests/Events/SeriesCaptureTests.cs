using KubeWise.Core.Entities;
using KubeWise.Core.Events;
using KubeWise.Core.Metrics;
using KubeWise.Core.Scanning;

namespace KubeWise.Core.Tests.Events;

/// <summary>The windows kept with an event: the entity's series, those the evidence names first, within the caps, with the baseline band.</summary>
public sealed class SeriesCaptureTests
{
    private static readonly DateTimeOffset End = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly EntityKey Web = new(EntityType.Deployment, "shop", "web");

    private static EntitySeries Series(string query, int points, Func<int, double>? value = null) => new(
        query, query + "{}", new Dictionary<string, string> { ["deployment"] = "web" },
        [.. Enumerable.Range(0, points).Select(i => new PrometheusSample(End.AddSeconds(i - points + 1), value?.Invoke(i) ?? i))]);

    private static MetricsSnapshot Snapshot(params EntitySeries[] series) => new(
        End, TimeSpan.FromMinutes(2),
        [new EntityMetrics(Web, series), new EntityMetrics(new EntityKey(EntityType.Deployment, "shop", "other"), [Series("cpu_limit_ratio", 3)])],
        [new MetricsQueryError("network_errors_per_second", "bad_data")], 0);

    [Fact]
    public void Window_EvidenceSeriesFirst_WithTheBandOfALevelFeature_AndOnlyThisEntity()
    {
        EvidenceItem[] evidence =
        [
            new() { Detector = "isolation_forest", Message = "m", Feature = "memory_limit_ratio.mean", Value = 0.9, Baseline = 0.5, Deviation = 4 },
            new() { Detector = "isolation_forest", Message = "s", Feature = "cpu_limit_ratio.slope", Value = 0.01, Baseline = 0, Deviation = 3 },
        ];

        var window = SeriesCapture.Window(Snapshot(Series("container_restarts", 5), Series("cpu_limit_ratio", 5), Series("memory_limit_ratio", 5)), Web, evidence);

        Assert.Equal(["memory_limit_ratio", "cpu_limit_ratio", "container_restarts"], window.Metrics.Select(m => m.QueryId));
        var band = Assert.IsType<BaselineBand>(window.Metrics[0].Band);
        Assert.Equal(("memory_limit_ratio.mean", 0.5, 0.4, 0.6), (band.Feature, band.Baseline, Math.Round(band.Low, 9), Math.Round(band.High, 9)));
        Assert.Null(window.Metrics[1].Band); // a slope is not a level: no band on the series
        Assert.Equal((End.AddMinutes(-2), End), (window.Start, window.End));
        Assert.Equal(End.ToUnixTimeSeconds(), window.Metrics[0].Points[^1].T);
        Assert.Equal(["network_errors_per_second: bad_data"], window.Errors);
        Assert.False(window.Truncated);
    }

    [Fact]
    public void Window_TooManySeriesAndPoints_IsCappedKeepingTheNewestPoint_AndDropsNonFiniteSamples()
    {
        var many = Enumerable.Range(0, SeriesCapture.MaxSeries + 3).Select(i => Series($"q{i}", 1000, v => v == 500 ? double.NaN : v)).ToArray();

        var window = SeriesCapture.Window(Snapshot(many), Web, []);

        Assert.True(window.Truncated);
        Assert.Equal(SeriesCapture.MaxSeries, window.Metrics.Count);
        Assert.All(window.Metrics, m => Assert.InRange(m.Points.Count, SeriesCapture.MaxPoints / 2, SeriesCapture.MaxPoints));
        Assert.All(window.Metrics, m => Assert.Equal(999, m.Points[^1].V));
        Assert.All(window.Metrics, m => Assert.All(m.Points, p => Assert.True(double.IsFinite(p.V))));
    }

    [Fact]
    public void VerificationWindow_IsStoredBesideTheDetectionWindow_AndTheEventJsonRoundTrips()
    {
        var detection = SeriesCapture.Window(Snapshot(Series("memory_limit_ratio", 4)), Web, []);
        var anomaly = new AnomalyEvent
        {
            AnomalyId = AnomalyId.New(), DetectionTimestamp = End, EntityId = "web", EntityType = "deployment", Namespace = "shop",
            Series = new EventSeries { Detection = detection },
        };
        var verification = SeriesCapture.Window(Snapshot(Series("memory_limit_ratio", 6)), Web, []);

        var after = new EventChange
        {
            AnomalyId = anomaly.AnomalyId, ExpectedStatus = anomaly.Status, ExpectedVersion = anomaly.Version, Actor = "orchestrator",
            Verification = new VerificationResult { VerifiedAt = End, Success = true, Method = "rescan" },
            VerificationSeries = verification,
        }.ApplyTo(anomaly, End);
        var read = EventJson.Deserialize<AnomalyEvent>(EventJson.Serialize(after));

        Assert.Equal(4, read.Series!.Detection!.Metrics[0].Points.Count);
        Assert.Equal(6, read.Series.Verification!.Metrics[0].Points.Count);
        Assert.Equal(detection.Metrics[0].Points, read.Series.Detection.Metrics[0].Points);
        Assert.DoesNotContain("\"series\"", EventJson.Serialize(anomaly with { Series = null }), StringComparison.Ordinal);
    }
}
