using KubeWise.Core.Entities;

namespace KubeWise.Core.Tests.Detection.Features;

public class WindowSlicerTests
{
    [Fact]
    public void Slide_OneHourAt30s_GivesFullTenMinuteWindowsEveryFiveMinutes()
    {
        var t0 = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var samples = Enumerable.Range(0, 121).Select(i => new MetricSample(t0.AddSeconds(30 * i), i)).ToArray();
        var history = new EntityWindow(new EntityKey(EntityType.Deployment, "ns", "app"), t0.AddHours(1), [MetricSeries.Gauge("m", samples)]);

        var windows = WindowSlicer.Slide(history, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(5)).ToList();

        Assert.Equal(11, windows.Count);
        Assert.All(windows, w => Assert.Equal(20, w.Metrics[0].Samples.Length));
        Assert.Equal(t0.AddMinutes(10), windows[0].End);
        Assert.Equal(20, windows[0].Metrics[0].Samples.Span[^1].Value);
        Assert.Equal(t0.AddHours(1), windows[^1].End);
    }
}
