using System.Diagnostics;
using System.Globalization;
using Xunit;

namespace KubeWise.Testing.Prometheus;

/// <summary>
/// Live mode: a real Prometheus scrapes a <see cref="LoopbackExporter"/> every second. A test changes the exporter's values
/// and waits (<see cref="WaitForScrapesAsync"/>) until Prometheus has seen them.
/// </summary>
public class PrometheusLiveFixture : IAsyncLifetime
{
    private string? _root;
    private PrometheusProcess? _process;

    public LoopbackExporter Exporter { get; private set; } = null!;

    public Uri Url => _process?.Url ?? throw new InvalidOperationException("The fixture has not started.");

    public PrometheusProcess Process => _process ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>The <c>job</c> label Prometheus puts on the exporter's series.</summary>
    public const string Job = "kubewise-exporter";

    public TimeSpan StartupTime { get; private set; }

    public async Task InitializeAsync()
    {
        var watch = Stopwatch.StartNew();
        Exporter = await LoopbackExporter.StartAsync().ConfigureAwait(false);
        _root = Directory.CreateTempSubdirectory("kubewise-prom-live-").FullName;
        var config = string.Create(CultureInfo.InvariantCulture, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: {Job}
                static_configs:
                  - targets: ['{Exporter.Target}']
            """);
        _process = await PrometheusProcess.StartAsync(config, Path.Combine(_root, "data")).ConfigureAwait(false);
        StartupTime = watch.Elapsed;
    }

    /// <summary>Waits until Prometheus has scraped the exporter <paramref name="count"/> more times (what a test set is then stored).</summary>
    public async Task WaitForScrapesAsync(int count = 2, TimeSpan? timeout = null)
    {
        var target = Exporter.Scrapes + count;
        var watch = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(20);
        while (Exporter.Scrapes < target)
        {
            if (watch.Elapsed > limit)
            {
                throw new TimeoutException($"Prometheus scraped the exporter {Exporter.Scrapes} times, expected {target} within {limit}:\n{Process.Log}");
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        // The scrape's samples are appended just after the response is read.
        await Task.Delay(200).ConfigureAwait(false);
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync().ConfigureAwait(false);
        }

        if (Exporter is not null)
        {
            await Exporter.DisposeAsync().ConfigureAwait(false);
        }

        if (_root is not null)
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
