using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using KubeWise.Benchmarks.Workflow;
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
/// RSS are KubeWise's own: Prometheus is another process. Prints wall time, own CPU time, Prometheus's CPU time, bytes
/// allocated, peak RSS and requests per cycle; then the timer function's whole tick on the same data
/// (<see cref="Workflow.TimerTickProbe"/>: scan + incident tracking + events + orchestration starts).
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
            Console.WriteLine($"scan cycle (ScanCycle.RunAsync), median of 3 after a warm-up; load average {LatencyCommand.LoadAverage()}");
            Console.WriteLine($"{"pods",7} {"entities",9} {"series",9} {"backfill s",10} {"wall ms",8} {"own CPU ms",10} {"Prom CPU ms",11} {"alloc MB",8} {"peak RSS MB",11} {"requests",8} {"anomalies",9}");
            var ticks = new List<string>();
            foreach (var pods in sizes)
            {
                ticks.AddRange(await MeasureAsync(pods, Path.Combine(models, "kubewise-forest.json")));
            }

            Console.WriteLine();
            Console.WriteLine($"timer tick (ScanWorkflow.TickAsync, as ScanTimerFunction runs it), {TimerTickProbe.Ticks} ticks {TimerTickProbe.Interval.TotalSeconds:0} s apart; load average {LatencyCommand.LoadAverage()}");
            Console.WriteLine($"{"pods",7} {"tick",4} {"wall ms",8} {"scan ms",8} {"after ms",8} {"Prom wait",9} {"Prom CPU",8} {"own CPU ms",10} {"alloc MB",8} {"anomalies",9} {"pending",7} {"started",7}");
            ticks.ForEach(Console.WriteLine);
            Console.WriteLine("tick 1 is cold (JIT, discovery); tick 2 opens the incidents and starts their orchestrations; after: incident book, events, starts.");
            Console.WriteLine("Prom wait: wall time with a Prometheus request in flight (to the response headers); Prom CPU: the Prometheus process's CPU.");
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

    private static async Task<List<string>> MeasureAsync(int pods, string modelPath)
    {
        const int replicas = 4;
        const int perNamespace = 25;
        var deployments = Math.Max(1, pods / replicas);
        var namespaces = Math.Max(1, deployments / perNamespace);
        var nodes = Math.Max(3, pods / 25);
        var cluster = new SyntheticClusterBuilder(11)
            .WithShape(namespaces, Math.Min(perNamespace, deployments), replicas, nodes)
            .Between(At - Window - Margin, At + (TimerTickProbe.Ticks - 1) * TimerTickProbe.Interval, TimeSpan.FromSeconds(15))
            .WithIncident(IncidentKind.CrashLoop, EntityRef.Deployment(SyntheticClusterBuilder.NamespaceName(0), SyntheticClusterBuilder.DeploymentName(0)), At.AddMinutes(-8), TimeSpan.FromMinutes(30))
            .Build();
        var watch = Stopwatch.StartNew();
        await using var prometheus = await StartAsync(cluster);
        var backfill = watch.Elapsed;

        var lines = await RunChildAsync("scale-cycle", prometheus.Process, modelPath);
        using var json = JsonDocument.Parse(lines[^1]);
        var r = json.RootElement;
        Console.WriteLine($"{cluster.Pods.Count,7} {r.GetProperty("entities").GetInt32(),9} {prometheus.Series,9} {backfill.TotalSeconds,10:0} {r.GetProperty("wall_ms").GetDouble(),8:0} " +
                          $"{r.GetProperty("cpu_ms").GetDouble(),10:0} {r.GetProperty("prometheus_cpu_ms").GetDouble(),11:0} {r.GetProperty("alloc_mb").GetDouble(),8:0} " +
                          $"{r.GetProperty("peak_rss_mb").GetDouble(),11:0} {r.GetProperty("requests").GetInt32(),8} {r.GetProperty("anomalies").GetInt32(),9}");

        var ticks = new List<string>();
        foreach (var line in await RunChildAsync("scale-tick", prometheus.Process, modelPath))
        {
            using var tick = JsonDocument.Parse(line);
            var t = tick.RootElement;
            double Ms(string name) => t.GetProperty(name).GetDouble();
            int Count(string name) => t.GetProperty(name).GetInt32();
            ticks.Add($"{cluster.Pods.Count,7} {Count("tick"),4} {Ms("wall_ms"),8:0} {Ms("scan_ms"),8:0} {Ms("after_scan_ms"),8:0} {Ms("prometheus_wait_ms"),9:0} " +
                      $"{Ms("prometheus_cpu_ms"),8:0} {Ms("cpu_ms"),10:0} {Ms("alloc_mb"),8:0} {Count("anomalies"),9} {Count("pending"),7} {Count("started"),7}");
        }

        return ticks;
    }

    /// <summary>Runs a measuring child (<c>scale-cycle</c> or <c>scale-tick</c>) and returns its JSON lines.</summary>
    private static async Task<string[]> RunChildAsync(string command, PrometheusProcess prometheus, string modelPath)
    {
        var self = typeof(ScaleCommand).Assembly.Location;
        var prefix = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? $"\"{self}\" " : string.Empty;
        var arguments = $"{prefix}{command} {prometheus.Url} {At.ToUnixTimeSeconds()} \"{modelPath}\" {prometheus.ProcessId}";
        using var child = Process.Start(new ProcessStartInfo(Environment.ProcessPath!, arguments)
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var text = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.StartsWith('{')).ToArray();
        if (child.ExitCode != 0 || lines.Length == 0)
        {
            throw new InvalidOperationException($"{command} exited with {child.ExitCode}: {text}");
        }

        return lines;
    }

    /// <summary>The child: one warm-up cycle (JIT, discovery), then three measured cycles; prints one JSON line of medians.</summary>
    public static async Task<int> CycleAsync(string[] args)
    {
        var url = new Uri(args[0]);
        var at = DateTimeOffset.FromUnixTimeSeconds(long.Parse(args[1], CultureInfo.InvariantCulture));
        using var services = Services(url, args[2]);
        var cycle = services.GetRequiredService<ScanCycle>();
        var request = new ScanRequest { At = at, TrainMissingModels = false };
        var self = Process.GetCurrentProcess();
        var coldCpu = self.TotalProcessorTime;
        var coldWatch = Stopwatch.StartNew();
        var warm = await cycle.RunAsync(request);
        if (!warm.Succeeded)
        {
            Console.Error.WriteLine(warm.Failure);
            return 1;
        }

        // The first cycle is what a one-shot `kubewise scan` pays: JIT, discovery and the baseline look-back.
        self.Refresh();
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cold cycle (JIT, discovery, baseline look-back): wall {coldWatch.Elapsed.TotalMilliseconds:0} ms, own CPU {(self.TotalProcessorTime - coldCpu).TotalMilliseconds:0} ms, {warm.Requests} requests, peak RSS {self.PeakWorkingSet64 / 1048576.0:0} MB"));

        var prometheusPid = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 0;
        var walls = new List<double>();
        var cpus = new List<double>();
        var prometheusCpus = new List<double>();
        var allocations = new List<double>();
        ScanReport report = warm;
        for (var i = 0; i < 3; i++)
        {
            self.Refresh();
            var cpu = self.TotalProcessorTime;
            var prometheusCpu = ProcessCpu.Of(prometheusPid);
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            report = await cycle.RunAsync(request);
            walls.Add(watch.Elapsed.TotalMilliseconds);
            allocations.Add((GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0);
            prometheusCpus.Add((ProcessCpu.Of(prometheusPid) - prometheusCpu).TotalMilliseconds);
            self.Refresh();
            cpus.Add((self.TotalProcessorTime - cpu).TotalMilliseconds);
        }

        self.Refresh();
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["entities"] = report.Entities.Count,
            ["wall_ms"] = walls.Order().ElementAt(1),
            ["cpu_ms"] = cpus.Order().ElementAt(1),
            ["prometheus_cpu_ms"] = prometheusCpus.Order().ElementAt(1),
            ["alloc_mb"] = allocations.Order().ElementAt(1),
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
