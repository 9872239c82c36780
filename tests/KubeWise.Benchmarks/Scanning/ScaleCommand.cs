using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using KubeWise.Core;
using KubeWise.Core.Scanning;
using KubeWise.Testing.Prometheus;
using KubeWise.Testing.Prometheus.Synthetic;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KubeWise.Benchmarks.Scanning;

/// <summary>
/// <c>dotnet run -c Release --project tests/KubeWise.Benchmarks -- scale [pods...]</c>: the full scan cycle against a real
/// Prometheus holding a synthetic cluster of 500 / 5,000 / 20,000 pods (only the window plus a margin is backfilled; the
/// models are fitted beforehand on a small cluster's history). Each size runs in a child process so its CPU time and peak
/// RSS are KubeWise's own: Prometheus is another process. Prints wall time, own CPU time, peak RSS and requests per cycle.
/// </summary>
internal static class ScaleCommand
{
    private static readonly DateTimeOffset At = new(2025, 6, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(3);

    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [500, 5_000, 20_000];
        var models = Directory.CreateTempSubdirectory("kubewise-scale-models-").FullName;
        try
        {
            await FitModelsAsync(Path.Combine(models, "kubewise-forest.json"));
            Console.WriteLine($"{"pods",7} {"entities",9} {"series",9} {"backfill s",10} {"wall ms",8} {"own CPU ms",10} {"peak RSS MB",11} {"requests",8} {"anomalies",9}");
            foreach (var pods in sizes)
            {
                await MeasureAsync(pods, Path.Combine(models, "kubewise-forest.json"));
            }
        }
        finally
        {
            Directory.Delete(models, recursive: true);
        }

        Console.WriteLine("CPU is shared with other work on this machine: wall times are upper bounds; own CPU excludes Prometheus.");
        return 0;
    }

    /// <summary>Fits the models on one hour of a small cluster's normal history and saves them where every size reads them.</summary>
    private static async Task FitModelsAsync(string modelPath)
    {
        var cluster = new SyntheticClusterBuilder(7).WithShape(3, 4, 2, 3).Between(At.AddHours(-1), At, TimeSpan.FromSeconds(15)).Build();
        await using var prometheus = await StartAsync(cluster);
        using var services = Services(prometheus.Process.Url, modelPath);
        var report = await services.GetRequiredService<ScanCycle>().RunAsync(new ScanRequest { At = At, Lookback = TimeSpan.FromMinutes(59) });
        Console.WriteLine($"models: {string.Join(", ", report.Models.Select(m => $"{m.EntityType} {m.Source}"))}");
    }

    private static async Task MeasureAsync(int pods, string modelPath)
    {
        const int replicas = 4;
        const int perNamespace = 25;
        var deployments = Math.Max(1, pods / replicas);
        var namespaces = Math.Max(1, deployments / perNamespace);
        var nodes = Math.Max(3, pods / 25);
        var cluster = new SyntheticClusterBuilder(11)
            .WithShape(namespaces, Math.Min(perNamespace, deployments), replicas, nodes)
            .Between(At - Window - Margin, At, TimeSpan.FromSeconds(15))
            .WithIncident(IncidentKind.CrashLoop, EntityRef.Deployment(SyntheticClusterBuilder.NamespaceName(0), SyntheticClusterBuilder.DeploymentName(0)), At.AddMinutes(-8), TimeSpan.FromMinutes(30))
            .Build();
        var watch = Stopwatch.StartNew();
        await using var prometheus = await StartAsync(cluster);
        var backfill = watch.Elapsed;

        var child = Process.Start(new ProcessStartInfo(Environment.ProcessPath!, BuildChildArguments(prometheus.Process.Url, modelPath))
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var text = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        using var json = JsonDocument.Parse(text.Trim().Split('\n')[^1]);
        var r = json.RootElement;
        Console.WriteLine($"{cluster.Pods.Count,7} {r.GetProperty("entities").GetInt32(),9} {prometheus.Series,9} {backfill.TotalSeconds,10:0} {r.GetProperty("wall_ms").GetDouble(),8:0} " +
                          $"{r.GetProperty("cpu_ms").GetDouble(),10:0} {r.GetProperty("peak_rss_mb").GetDouble(),11:0} {r.GetProperty("requests").GetInt32(),8} {r.GetProperty("anomalies").GetInt32(),9}");
    }

    private static string BuildChildArguments(Uri url, string modelPath)
    {
        var self = typeof(ScaleCommand).Assembly.Location;
        var prefix = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? $"\"{self}\" " : string.Empty;
        return $"{prefix}scale-cycle {url} {At.ToUnixTimeSeconds()} \"{modelPath}\"";
    }

    /// <summary>The child: one warm-up cycle (JIT, discovery), then three measured cycles; prints one JSON line of medians.</summary>
    public static async Task<int> CycleAsync(string[] args)
    {
        var url = new Uri(args[0]);
        var at = DateTimeOffset.FromUnixTimeSeconds(long.Parse(args[1], CultureInfo.InvariantCulture));
        using var services = Services(url, args[2]);
        var cycle = services.GetRequiredService<ScanCycle>();
        var request = new ScanRequest { At = at, TrainMissingModels = false };
        var warm = await cycle.RunAsync(request);
        if (!warm.Succeeded)
        {
            Console.Error.WriteLine(warm.Failure);
            return 1;
        }

        var self = Process.GetCurrentProcess();
        var walls = new List<double>();
        var cpus = new List<double>();
        ScanReport report = warm;
        for (var i = 0; i < 3; i++)
        {
            self.Refresh();
            var cpu = self.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            report = await cycle.RunAsync(request);
            walls.Add(watch.Elapsed.TotalMilliseconds);
            self.Refresh();
            cpus.Add((self.TotalProcessorTime - cpu).TotalMilliseconds);
        }

        self.Refresh();
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["entities"] = report.Entities.Count,
            ["wall_ms"] = walls.Order().ElementAt(1),
            ["cpu_ms"] = cpus.Order().ElementAt(1),
            ["peak_rss_mb"] = self.PeakWorkingSet64 / 1048576.0,
            ["requests"] = report.Requests,
            ["anomalies"] = report.Anomalies.Count,
        }));
        return 0;
    }

    private static ServiceProvider Services(Uri prometheus, string modelPath)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Prometheus:Url"] = prometheus.ToString().TrimEnd('/'),
            ["Prometheus:TimeoutSeconds"] = "120",
            ["Detection:ModelPath"] = modelPath,
            ["Scan:DiscoveryIntervalSeconds"] = "3600",
        }).Build();
        return new ServiceCollection().AddLogging().AddKubeWiseCore(configuration).BuildServiceProvider();
    }

    /// <summary>Backfills the cluster's window and starts Prometheus over it (lookback delta of one step: backfilled blocks carry no staleness markers).</summary>
    private static async Task<Backfilled> StartAsync(SyntheticCluster cluster)
    {
        var root = Directory.CreateTempSubdirectory("kubewise-scale-").FullName;
        var file = Path.Combine(root, "history.om");
        long series = 0;
        await using (var writer = new StreamWriter(file, append: false, new System.Text.UTF8Encoding(false), 1 << 20))
        {
            ExpositionWriter.WriteOpenMetrics(cluster, writer);
        }

        foreach (var family in cluster.Families())
        {
            series += family.Series.Count;
        }

        var storage = Path.Combine(root, "data");
        await Promtool.CreateBlocksAsync(file, storage);
        File.Delete(file);
        var process = await PrometheusProcess.StartAsync("global:\n  scrape_interval: 1h\n", storage,
            ["--storage.tsdb.retention.time=100y", "--query.lookback-delta=15s", "--query.max-samples=200000000"], TimeSpan.FromMinutes(5));
        return new Backfilled(root, process, series);
    }

    private sealed class Backfilled(string root, PrometheusProcess process, long series) : IAsyncDisposable
    {
        public PrometheusProcess Process { get; } = process;

        public long Series { get; } = series;

        public async ValueTask DisposeAsync()
        {
            await Process.DisposeAsync();
            Directory.Delete(root, recursive: true);
        }
    }
}
