using KubeWise.Testing.Prometheus;
using KubeWise.Testing.Prometheus.Synthetic;

namespace KubeWise.Core.Tests.Scanning;

/// <summary>
/// A real Prometheus over a synthetic cluster's backfilled history, as <see cref="PrometheusHistoryFixture"/> starts it,
/// but with the lookback delta at one scrape interval. A scraping Prometheus writes staleness markers when a pod's
/// series vanish; backfilled blocks have none, so with the default 5 min delta every finished pod would repeat its
/// last value for five minutes, a flat line no live cluster shows.
/// </summary>
internal sealed class HistoryPrometheus : IAsyncDisposable
{
    private readonly string _root;
    private readonly PrometheusProcess _process;

    private HistoryPrometheus(SyntheticCluster cluster, string root, PrometheusProcess process)
    {
        Cluster = cluster;
        _root = root;
        _process = process;
    }

    public SyntheticCluster Cluster { get; }

    public Uri Url => _process.Url;

    public static async Task<HistoryPrometheus> StartAsync(SyntheticCluster cluster)
    {
        var root = Directory.CreateTempSubdirectory("kubewise-scan-history-").FullName;
        var openMetrics = Path.Combine(root, "history.om");
        await using (var writer = new StreamWriter(openMetrics, append: false, new System.Text.UTF8Encoding(false), 1 << 16))
        {
            ExpositionWriter.WriteOpenMetrics(cluster, writer);
        }

        var storage = Path.Combine(root, "data");
        await Promtool.CreateBlocksAsync(openMetrics, storage);
        File.Delete(openMetrics);
        var delta = $"{(int)cluster.Step.TotalSeconds}s";
        var process = await PrometheusProcess.StartAsync("global:\n  scrape_interval: 1h\n", storage, ["--storage.tsdb.retention.time=100y", $"--query.lookback-delta={delta}"]);
        return new HistoryPrometheus(cluster, root, process);
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }
}

/// <summary>The default scenario (every incident once, every benign event once) served by <see cref="HistoryPrometheus"/>.</summary>
public sealed class ScanHistoryFixture : IAsyncLifetime
{
    private HistoryPrometheus? _prometheus;

    public SyntheticCluster Cluster => Prometheus.Cluster;

    public Uri Url => Prometheus.Url;

    internal HistoryPrometheus Prometheus => _prometheus ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync() => _prometheus = await HistoryPrometheus.StartAsync(DefaultScenario.Build());

    public async Task DisposeAsync()
    {
        if (_prometheus is not null)
        {
            await _prometheus.DisposeAsync();
        }
    }
}
