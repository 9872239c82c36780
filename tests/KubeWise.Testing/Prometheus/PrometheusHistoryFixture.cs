using System.Diagnostics;
using KubeWise.Testing.Prometheus.Synthetic;
using Xunit;

namespace KubeWise.Testing.Prometheus;

/// <summary>
/// History mode: a synthetic cluster's samples are backfilled with <c>promtool tsdb create-blocks-from openmetrics</c>
/// and a real Prometheus serves them. Query at <see cref="EvaluationTime"/> (or inside <see cref="SyntheticCluster.Start"/>..End):
/// the data is fixed, so answers are deterministic. Derive and override <see cref="CreateCluster"/> for another scenario.
/// </summary>
public class PrometheusHistoryFixture : IAsyncLifetime
{
    private string? _root;
    private PrometheusProcess? _process;

    public SyntheticCluster Cluster { get; private set; } = null!;

    public Uri Url => _process?.Url ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>The end of the synthetic window: the "now" of the scenario.</summary>
    public DateTimeOffset EvaluationTime => Cluster.End;

    public PrometheusProcess Process => _process ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>Samples backfilled.</summary>
    public long SampleCount { get; private set; }

    /// <summary>How long generating, backfilling and starting took.</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <summary>
    /// The default scenario: 3 namespaces × 3 deployments × 2 replicas on 3 nodes, two hours at 15 s, with one of each incident
    /// and each benign event (see <see cref="DefaultScenario"/>).
    /// </summary>
    protected virtual SyntheticCluster CreateCluster() => DefaultScenario.Build();

    public async Task InitializeAsync()
    {
        var watch = Stopwatch.StartNew();
        Cluster = CreateCluster();
        _root = Directory.CreateTempSubdirectory("kubewise-prom-history-").FullName;
        var openMetrics = Path.Combine(_root, "history.om");
        await using (var writer = new StreamWriter(openMetrics, append: false, new System.Text.UTF8Encoding(false), 1 << 16))
        {
            SampleCount = ExpositionWriter.WriteOpenMetrics(Cluster, writer);
        }

        var storage = Path.Combine(_root, "data");
        await Promtool.CreateBlocksAsync(openMetrics, storage).ConfigureAwait(false);
        File.Delete(openMetrics);

        // Nothing to scrape; the retention keeps the (old) backfilled blocks from being deleted at start.
        const string config = "global:\n  scrape_interval: 1h\n";
        _process = await PrometheusProcess.StartAsync(config, storage, ["--storage.tsdb.retention.time=100y"]).ConfigureAwait(false);
        StartupTime = watch.Elapsed;
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync().ConfigureAwait(false);
        }

        if (_root is not null)
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
