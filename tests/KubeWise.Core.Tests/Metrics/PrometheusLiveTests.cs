using KubeWise.Core.Metrics;
using KubeWise.Testing.Prometheus;
using KubeWise.Testing.Prometheus.Synthetic;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace KubeWise.Core.Tests.Metrics;

/// <summary>The client against a real Prometheus that scrapes a loopback exporter every second.</summary>
public sealed class PrometheusLiveTests(PrometheusLiveFixture fixture, ITestOutputHelper output) : IClassFixture<PrometheusLiveFixture>, IDisposable
{
    private readonly ServiceProvider _services = PrometheusClientFactory.Build(fixture.Url);

    private IPrometheusClient Client => _services.Client();

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task Fixture_ScrapesTheExporterEverySecond()
    {
        var before = fixture.Exporter.Scrapes;
        await Task.Delay(TimeSpan.FromSeconds(3.5));

        output.WriteLine($"live fixture: ready in {fixture.StartupTime.TotalSeconds:0.0} s, {fixture.Exporter.Scrapes - before} scrapes in 3.5 s");
        Assert.InRange(fixture.Exporter.Scrapes - before, 2, 6);
        var up = await Client.QueryAsync($"up{{job=\"{PrometheusLiveFixture.Job}\"}}");
        Assert.Equal(1, up.Series.Single().Samples[0].Value);
    }

    [Fact]
    public async Task Query_ExporterValueChanges_PrometheusShowsTheNewValue()
    {
        fixture.Exporter.Set("kubewise_test_replicas", 1, ("deployment", "checkout"));
        await fixture.WaitForScrapesAsync();
        var before = await Client.QueryAsync("kubewise_test_replicas{deployment=\"checkout\"}");

        fixture.Exporter.Set("kubewise_test_replicas", 5, ("deployment", "checkout"));
        await fixture.WaitForScrapesAsync();
        var after = await Client.QueryAsync("kubewise_test_replicas{deployment=\"checkout\"}");

        Assert.Equal(1, before.Series.Single().Samples[0].Value);
        Assert.Equal(5, after.Series.Single().Samples[0].Value);
        Assert.Equal(PrometheusLiveFixture.Job, after.Series[0].Label("job"));
    }

    [Fact]
    public async Task QueryRange_CounterIncreasing_HasAPositiveRate()
    {
        for (var i = 1; i <= 4; i++)
        {
            fixture.Exporter.Set("kubewise_test_requests_total", i * 100, ("verb", "GET"));
            await fixture.WaitForScrapesAsync(1);
        }

        var result = await Client.QueryRangeAsync("rate(kubewise_test_requests_total[10s])", TimeSpan.FromSeconds(4), step: TimeSpan.FromSeconds(1));

        var series = Assert.Single(result.Series);
        Assert.Equal(PrometheusResultType.Matrix, result.ResultType);
        Assert.Contains(series.Samples, s => s.Value > 0);
    }

    [Fact]
    public async Task Metadata_DescribedMetric_ShowsTypeAndHelp()
    {
        fixture.Exporter.Describe("kubewise_test_queue_depth", MetricType.Gauge, "Items waiting in the test queue.");
        fixture.Exporter.Set("kubewise_test_queue_depth", 3);
        await fixture.WaitForScrapesAsync();

        var result = await Client.MetadataAsync("kubewise_test_queue_depth");

        var metadata = Assert.Single(result.Items);
        Assert.Equal("gauge", metadata.Type);
        Assert.Equal("Items waiting in the test queue.", metadata.Help);
    }

    [Fact]
    public async Task Metadata_WithLimit_ReturnsThatManyMetrics()
    {
        foreach (var name in new[] { "kubewise_test_a", "kubewise_test_b", "kubewise_test_c" })
        {
            fixture.Exporter.Describe(name, MetricType.Gauge, "A test gauge.");
            fixture.Exporter.Set(name, 1);
        }

        await fixture.WaitForScrapesAsync();

        var result = await Client.MetadataAsync(limit: 2);

        Assert.Equal(2, result.Items.Select(i => i.Metric).Distinct().Count());
    }

    [Fact]
    public async Task SeriesAndLabelValues_LiveTarget_AreListed()
    {
        fixture.Exporter.Set("kubewise_test_pods", 1, ("namespace", "live-a"));
        fixture.Exporter.Set("kubewise_test_pods", 1, ("namespace", "live-b"));
        await fixture.WaitForScrapesAsync();

        var series = await Client.SeriesAsync(["kubewise_test_pods"]);
        var namespaces = await Client.LabelValuesAsync("namespace", ["kubewise_test_pods"]);

        Assert.Equal(["live-a", "live-b"], series.Items.Select(s => s["namespace"]).Order());
        Assert.All(series.Items, s => Assert.Equal(PrometheusLiveFixture.Job, s["job"]));
        Assert.Equal(["live-a", "live-b"], namespaces.Items);
    }

    [Fact]
    public async Task Query_RemovedSeries_GoesStale()
    {
        fixture.Exporter.Set("kubewise_test_transient", 7);
        await fixture.WaitForScrapesAsync();
        var present = await Client.QueryAsync("kubewise_test_transient");

        fixture.Exporter.Remove("kubewise_test_transient");
        await fixture.WaitForScrapesAsync();
        var gone = await Client.QueryAsync("kubewise_test_transient");

        Assert.Single(present.Series);
        Assert.Empty(gone.Series);
    }

    [Fact]
    public async Task Query_DefaultTime_ComesFromTheInjectedTimeProvider()
    {
        fixture.Exporter.Set("kubewise_test_clock", 1);
        await fixture.WaitForScrapesAsync();
        // An hour before this Prometheus started, nothing had been scraped.
        var past = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-1));
        using var services = PrometheusClientFactory.Build(fixture.Url, timeProvider: past);

        var then = await services.Client().QueryAsync("kubewise_test_clock");
        var now = await Client.QueryAsync("kubewise_test_clock");

        Assert.Empty(then.Series);
        Assert.Single(now.Series);
    }

    [Fact]
    public async Task Query_SyntheticClusterServedLive_CountsItsCurrentPods()
    {
        var now = DateTimeOffset.UtcNow;
        var cluster = new SyntheticClusterBuilder(seed: 7)
            .WithShape(namespaces: 2, deploymentsPerNamespace: 2, replicas: 3, nodes: 2)
            .Between(now.AddHours(-1), now.AddHours(1))
            .Build();
        fixture.Exporter.Serve(cluster);
        try
        {
            await fixture.WaitForScrapesAsync();
            var pods = await Client.QueryAsync("count(kube_pod_info{job=\"kubewise-exporter\"})");

            Assert.Equal(12, pods.Series.Single().Samples[0].Value);
        }
        finally
        {
            fixture.Exporter.Serve(null);
        }
    }
}
