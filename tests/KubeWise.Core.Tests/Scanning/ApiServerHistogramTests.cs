using System.Globalization;
using System.Text;
using KubeWise.Core.Detection;
using KubeWise.Core.Scanning;
using KubeWise.Testing.Prometheus;

namespace KubeWise.Core.Tests.Scanning;

/// <summary>
/// The API server's two latency histograms on a real Prometheus. Reads (GET, LIST) turn slow 20 minutes before the
/// scan; writes have been slow for 70 minutes in the classic histogram only, the way a slow admission webhook shows:
/// the SLI histogram leaves webhook time out, so a cluster that has it must be judged on it.
/// </summary>
public sealed class ApiServerHistogramTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ScanAt = Start.AddMinutes(170);
    private static readonly double[] Buckets = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, double.PositiveInfinity];

    [Fact]
    public async Task Scan_ClusterWithSliHistogram_JudgesEachVerbGroupOnTheSliHistogram()
    {
        await using var prometheus = await StartAsync(withSli: true);
        using var services = new ScanServices(prometheus.Url);

        var report = await services.Cycle.RunAsync(new ScanRequest { At = ScanAt, TrainMissingModels = false });

        Assert.True(report.Succeeded, report.Failure);
        var latency = Assert.Single(report.Anomalies, a => a.Detector == DetectorIds.ApiServerLatency);
        var read = Assert.Single(latency.Evidence);
        Assert.Matches(@"^API-server p99 latency of read requests \(GET, LIST\) 4\.[0-9]+ s \(threshold: 1 s, usually 0\.05 s over the previous 2\.[0-9] h; apiserver_request_sli_duration_seconds\)$", read.Description);
        Assert.Contains(report.ActiveQueries, q => q.Expression.Contains("apiserver_request_sli_duration_seconds_bucket", StringComparison.Ordinal));
        Assert.DoesNotContain(report.ActiveQueries, q => q.Expression.Contains("apiserver_request_duration_seconds_bucket", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Scan_ClusterWithClassicHistogramOnly_JudgesEachVerbGroupOnIt()
    {
        await using var prometheus = await StartAsync(withSli: false);
        using var services = new ScanServices(prometheus.Url);

        var report = await services.Cycle.RunAsync(new ScanRequest { At = ScanAt, TrainMissingModels = false });

        Assert.True(report.Succeeded, report.Failure);
        var latency = Assert.Single(report.Anomalies, a => a.Detector == DetectorIds.ApiServerLatency);
        Assert.Equal(2, latency.Evidence.Count);
        Assert.All(latency.Evidence, e => Assert.EndsWith("; apiserver_request_duration_seconds)", e.Description, StringComparison.Ordinal));
        Assert.Contains(latency.Evidence, e => e.Description.StartsWith("API-server p99 latency of write requests (POST, PUT, PATCH, DELETE) 4.", StringComparison.Ordinal));
        Assert.Equal(AnomalySeverity.Critical, latency.Severity);
    }

    [Fact]
    public async Task Scan_BeforeTheReadsSlowDown_WebhookTimeInTheClassicHistogramIsNotReportedWhenTheSliOneExists()
    {
        await using var prometheus = await StartAsync(withSli: true);
        using var services = new ScanServices(prometheus.Url);

        var report = await services.Cycle.RunAsync(new ScanRequest { At = Start.AddMinutes(140), TrainMissingModels = false });

        Assert.True(report.Succeeded, report.Failure);
        Assert.DoesNotContain(report.Anomalies, a => a.Detector == DetectorIds.ApiServerLatency);
    }

    [Fact]
    public async Task Scan_ReadsSixTimesSlowerButUnderTheThreshold_AreFlaggedAgainstTheirOwnBaseline()
    {
        await using var prometheus = await StartAsync(withSli: true, slowSeconds: 0.3);
        using var services = new ScanServices(prometheus.Url);

        var before = await services.Cycle.RunAsync(new ScanRequest { At = Start.AddMinutes(140), TrainMissingModels = false });
        var report = await services.Cycle.RunAsync(new ScanRequest { At = ScanAt, TrainMissingModels = false });

        Assert.True(report.Succeeded, report.Failure);
        Assert.DoesNotContain(before.Anomalies, a => a.Detector == DetectorIds.ApiServerLatency);
        var read = Assert.Single(Assert.Single(report.Anomalies, a => a.Detector == DetectorIds.ApiServerLatency).Evidence);
        Assert.Matches(@"^API-server p99 latency of read requests \(GET, LIST\) 0\.4[0-9]+ s \(threshold: 1 s, usually 0\.05 s over", read.Description);
        Assert.True(read.Value < 1, $"p99 {read.Value}");
        Assert.InRange(read.Baseline!.Value, 0.04, 0.06);
    }

    private static async Task<History> StartAsync(bool withSli, double slowSeconds = 3)
    {
        var root = Directory.CreateTempSubdirectory("kubewise-apiserver-").FullName;
        var file = Path.Combine(root, "history.om");
        var text = new StringBuilder();
        if (withSli)
        {
            Histogram(text, "apiserver_request_sli_duration_seconds", webhookSlowsWrites: false, slowSeconds);
        }

        Histogram(text, "apiserver_request_duration_seconds", webhookSlowsWrites: true, slowSeconds);
        text.Append("# EOF\n");
        await File.WriteAllTextAsync(file, text.ToString());
        var storage = Path.Combine(root, "data");
        await Promtool.CreateBlocksAsync(file, storage);
        var process = await PrometheusProcess.StartAsync("global:\n  scrape_interval: 1h\n", storage, ["--storage.tsdb.retention.time=100y", "--query.lookback-delta=30s"]);
        return new History(root, process);
    }

    // 10 requests/s per verb; a normal request takes 40 ms, a slow one slowSeconds (half of them while slow; a slow webhook adds 3 s).
    private static void Histogram(StringBuilder text, string name, bool webhookSlowsWrites, double slowSeconds)
    {
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} Response latency distribution in seconds for each verb.\n# TYPE {name} histogram\n");
        foreach (var verb in new[] { "GET", "LIST", "POST", "PATCH", "WATCH" })
        {
            var write = verb is "POST" or "PATCH";
            var slowFrom = write ? (webhookSlowsWrites ? 100 : double.PositiveInfinity) : verb == "WATCH" ? 0 : 150;
            foreach (var le in Buckets)
            {
                var leText = double.IsPositiveInfinity(le) ? "+Inf" : le.ToString(CultureInfo.InvariantCulture);
                for (var second = 0; second <= 180 * 60; second += 30)
                {
                    var minute = second / 60.0;
                    var slowFor = Math.Max(0, minute - slowFrom) * 60;
                    var all = 10.0 * second;
                    var slow = 5.0 * slowFor;
                    var count = (le >= 0.04 ? all - slow : 0) + (le >= (write ? 3 : slowSeconds) ? slow : 0);
                    text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{verb=\"{verb}\",le=\"{leText}\"}} {count} {Start.AddSeconds(second).ToUnixTimeSeconds()}\n");
                }
            }
        }
    }

    private sealed class History(string root, PrometheusProcess process) : IAsyncDisposable
    {
        public Uri Url => process.Url;

        public async ValueTask DisposeAsync()
        {
            await process.DisposeAsync();
            Directory.Delete(root, recursive: true);
        }
    }
}
