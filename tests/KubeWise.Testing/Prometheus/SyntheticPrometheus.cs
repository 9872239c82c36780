using KubeWise.Testing.Prometheus.Synthetic;

namespace KubeWise.Testing.Prometheus;

/// <summary>
/// A real Prometheus over a synthetic cluster's backfilled history, with the lookback delta at one scrape interval: a
/// scraping Prometheus writes staleness markers when a pod's series vanish, backfilled blocks have none, so with the
/// default 5 min delta every finished pod would repeat its last value for five minutes, a flat line no live cluster shows.
/// </summary>
public sealed class SyntheticPrometheus : IAsyncDisposable
{
    private readonly string _root;
    private readonly PrometheusProcess _process;

    private SyntheticPrometheus(SyntheticCluster cluster, string root, PrometheusProcess process, long samples)
    {
        Cluster = cluster;
        _root = root;
        _process = process;
        Samples = samples;
    }

    public SyntheticCluster Cluster { get; }

    public Uri Url => _process.Url;

    public PrometheusProcess Process => _process;

    /// <summary>Samples backfilled.</summary>
    public long Samples { get; }

    public static async Task<SyntheticPrometheus> StartAsync(SyntheticCluster cluster, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var root = Directory.CreateTempSubdirectory("kubewise-synthetic-history-").FullName;
        try
        {
            var openMetrics = Path.Combine(root, "history.om");
            long samples;
            await using (var writer = new StreamWriter(openMetrics, append: false, new System.Text.UTF8Encoding(false), 1 << 20))
            {
                samples = ExpositionWriter.WriteOpenMetrics(cluster, writer);
            }

            cancellationToken.ThrowIfCancellationRequested();
            var storage = Path.Combine(root, "data");
            await Promtool.CreateBlocksAsync(openMetrics, storage).ConfigureAwait(false);
            File.Delete(openMetrics);
            var delta = $"{(int)cluster.Step.TotalSeconds}s";
            var process = await PrometheusProcess.StartAsync("global:\n  scrape_interval: 1h\n", storage,
                ["--storage.tsdb.retention.time=100y", $"--query.lookback-delta={delta}"], TimeSpan.FromMinutes(3)).ConfigureAwait(false);
            return new SyntheticPrometheus(cluster, root, process, samples);
        }
        catch
        {
            Directory.Delete(root, recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync().ConfigureAwait(false);
        Directory.Delete(_root, recursive: true);
    }
}
