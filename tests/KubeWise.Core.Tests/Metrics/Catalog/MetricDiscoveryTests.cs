using KubeWise.Core.Metrics.Catalog;
using KubeWise.Core.Tests.Scanning;
using KubeWise.Testing.Prometheus.Synthetic;

namespace KubeWise.Core.Tests.Metrics.Catalog;

/// <summary>Discovery against a real Prometheus that has kube-state-metrics, cAdvisor, node-exporter memory and API-server series, but not everything.</summary>
public sealed class MetricDiscoveryTests(ScanHistoryFixture fixture) : IClassFixture<ScanHistoryFixture>
{
    private static readonly DateTimeOffset At = DefaultScenario.Start.AddMinutes(90);

    [Fact]
    public async Task Discover_ActivatesQueriesWhoseMetricsExist_AndNamesWhatTheOthersLack()
    {
        using var services = new ScanServices(fixture.Url);

        var result = await services.Get<MetricDiscovery>().DiscoverAsync(At);

        Assert.Contains("container_cpu_usage_seconds_total", result.MetricNames);
        Assert.Contains(result.Active, q => q.Id == BuiltInQueries.CpuLimitRatio);
        Assert.Contains(result.Active, q => q.Id == BuiltInQueries.ApiServerP99Latency);
        var network = Assert.Single(result.Inactive, q => q.Query.Id == BuiltInQueries.NetworkErrors);
        Assert.Equal(["container_network_receive_errors_total", "container_network_transmit_errors_total"], network.MissingMetrics);
        Assert.Contains(result.Inactive, q => q.Query.Id == BuiltInQueries.ApiServerErrorRatio);
    }

    [Fact]
    public async Task Discover_WithinTheInterval_ReadsNamesOnce_AndAgainAfterIt()
    {
        using var services = new ScanServices(fixture.Url, new Dictionary<string, string?> { ["Scan:DiscoveryIntervalSeconds"] = "300" });
        var discovery = services.Get<MetricDiscovery>();

        var first = await discovery.DiscoverAsync(At);
        var second = await discovery.DiscoverAsync(At.AddMinutes(2));
        var third = await discovery.DiscoverAsync(At.AddMinutes(6));

        Assert.False(first.FromCache);
        Assert.True(second.FromCache);
        Assert.False(third.FromCache);
    }

    [Fact]
    public async Task Discover_ConfiguredQueryOnAMissingMetric_StaysInactive()
    {
        using var services = new ScanServices(fixture.Url, new Dictionary<string, string?>
        {
            ["Prometheus:DefaultQueries:0"] = "sum by (namespace, pod) (rate(http_requests_total[5m]))",
            ["Prometheus:DefaultQueries:1"] = "max by (node) (kube_node_status_allocatable{resource=\"cpu\"})",
        });

        var result = await services.Get<MetricDiscovery>().DiscoverAsync(At);

        Assert.Contains(result.Inactive, q => q.Query.Id == "config_1" && q.MissingMetrics.SequenceEqual(["http_requests_total"]));
        Assert.Contains(result.Active, q => q.Id == "config_2" && q.Origin == QueryOrigin.Configuration);
    }
}
