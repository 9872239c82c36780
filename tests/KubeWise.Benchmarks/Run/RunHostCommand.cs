using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using KubeWise.Run.Tests.Durability;
using KubeWise.Testing.Cluster;
using KubeWise.Testing.Kubernetes;
using KubeWise.Testing.Prometheus;

namespace KubeWise.Benchmarks.Run;

/// <summary>
/// <c>dotnet run -c Release --project tests/KubeWise.Benchmarks -- run-host [idle-seconds]</c>: <c>kubewise run</c> as a
/// real process (Azurite backend, LiteDB, rule analyzer) against a real Prometheus scraping a simulated cluster.
/// Prints the time from process start to <c>/ready</c> (first start on an empty data folder, then a restart on it),
/// idle RSS and CPU of kubewise run plus its Azurite (over the whole idle window with the default 30 s scan schedule,
/// and between scans only), and detected → AwaitingApproval of a crash-looping Deployment from the event's audit trail.
/// </summary>
internal static class RunHostCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var idle = args is [var first, ..] && int.TryParse(first, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) && s >= 30 ? s : 60;
        var folder = Directory.CreateTempSubdirectory("kw-bench-run-").FullName;
        await using var prometheus = new PrometheusLiveFixture();
        await prometheus.InitializeAsync();
        await using var kube = await FakeKubernetesApiServer.StartAsync();
        await using var cluster = ClusterSimulator.Start(kube, prometheus.Exporter);
        // A workload from the start, so the idle scans judge real series; it crash-loops, so an incident opens and
        // waits for approval (the workflow is idle then too).
        cluster.AddCrashLooping("shop", "checkout").FixConfig();
        await prometheus.WaitForScrapesAsync();
        var environment = new Dictionary<string, string>
        {
            ["Kubernetes__Source"] = "KubeConfig",
            ["Kubernetes__KubeConfigPath"] = kube.WriteKubeConfig(Path.Combine(folder, "kubeconfig")),
            ["PROMETHEUS_URL"] = prometheus.Url.ToString(),
            ["Prometheus__ScrapeIntervalSeconds"] = "1",
            ["REMEDIATION_MODE"] = "MANUAL",
            ["GEMINI_API_KEY"] = string.Empty,
            ["MONGODB_ATLAS_URI"] = string.Empty,
            ["Detection__MetricWindowSeconds"] = "120",
        };
        var data = Path.Combine(folder, "data");

        // 1. Cold start, then idle on the default schedule.
        await using (var run = new RunProcess(data, environment))
        {
            var cold = await run.StartAsync();
            Console.WriteLine($"time to /ready, first start (Azurite started, task hub created): {cold.TotalSeconds:0.00} s");
            var sample = await IdleAsync(run, TimeSpan.FromSeconds(idle));
            Console.WriteLine(sample);
            Console.WriteLine($"SIGTERM exit code: {await run.TerminateAsync()}");
        }

        // 2. Warm start on the same data; one-second scans; a crash loop opens an incident.
        var fast = new Dictionary<string, string>(environment)
        {
            ["ScanSchedule"] = "*/1 * * * * *",
            ["Worker__SleepIntervalSeconds"] = "1",
        };
        await using (var run = new RunProcess(data, fast))
        {
            var warm = await run.StartAsync();
            Console.WriteLine($"time to /ready, restart on the same data: {warm.TotalSeconds:0.00} s");
            var anomaly = await run.WaitForEventAsync("AwaitingApproval", TimeSpan.FromSeconds(180));
            var id = anomaly["anomaly_id"]!.GetValue<string>();
            var trail = (await run.GetJsonAsync($"/api/v1/remediation/events/{id}"))["audit_trail"]!.AsArray();
            DateTimeOffset At(string status) => trail.Where(a => a!["to_status"]?.GetValue<string>() == status)
                .Select(a => DateTimeOffset.Parse(a!["at"]!.GetValue<string>(), CultureInfo.InvariantCulture)).First();
            var detected = At("Detected");
            Console.WriteLine(
                $"detected -> AwaitingApproval (rule analyzer): {(At("AwaitingApproval") - detected).TotalSeconds:0.00} s "
                + $"(-> Analyzing {(At("Analyzing") - detected).TotalSeconds:0.00} s)");
            Console.WriteLine(await LoadAsync(run.Port, clients: 200, TimeSpan.FromSeconds(20)));
            Console.WriteLine($"SIGTERM exit code: {await run.TerminateAsync()}");
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans temp folders.
        }

        return 0;
    }

    /// <summary><paramref name="clients"/> concurrent clients each GETting the event list in a loop: throughput and latency percentiles.</summary>
    private static async Task<string> LoadAsync(int port, int clients, TimeSpan duration)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients };
        using var http = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        var failures = 0;
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < until)
            {
                var t0 = Stopwatch.GetTimestamp();
                using var reply = await http.GetAsync("/api/v1/remediation/events?limit=20");
                await reply.Content.ReadAsByteArrayAsync();
                if (reply.IsSuccessStatusCode)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                }
                else
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })));
        var sorted = latencies.Order().ToArray();
        double At(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
        return string.Create(CultureInfo.InvariantCulture,
            $"API under {clients} concurrent GET clients for {watch.Elapsed.TotalSeconds:0} s: {sorted.Length / watch.Elapsed.TotalSeconds:0} req/s, "
            + $"p50 {At(0.50):0} ms, p99 {At(0.99):0} ms, {failures} non-2xx");
    }

    /// <summary>RSS now, and CPU over the window and between scans (the default schedule scans at :00 and :30).</summary>
    private static async Task<string> IdleAsync(RunProcess run, TimeSpan window)
    {
        var pids = new[] { run.ProcessId!.Value, run.AzuriteProcessId };
        // Let the first ticks (training from history) pass before measuring.
        await Task.Delay(TimeSpan.FromSeconds(35));
        var start = (Cpu: pids.Sum(CpuSeconds), Wall: Stopwatch.GetTimestamp());
        double between = 0, betweenWall = 0;
        var end = DateTime.UtcNow + window;
        while (DateTime.UtcNow < end)
        {
            // A between-scans window: from 3 s after a half-minute boundary to 1 s before the next.
            var now = DateTime.UtcNow;
            var second = now.Second % 30 + now.Millisecond / 1000.0;
            if (second is >= 3 and < 4)
            {
                var cpu0 = pids.Sum(CpuSeconds);
                var t0 = Stopwatch.GetTimestamp();
                await Task.Delay(TimeSpan.FromSeconds(25));
                between += pids.Sum(CpuSeconds) - cpu0;
                betweenWall += Stopwatch.GetElapsedTime(t0).TotalSeconds;
            }
            else
            {
                await Task.Delay(200);
            }
        }

        var cpu = pids.Sum(CpuSeconds) - start.Cpu;
        var wall = Stopwatch.GetElapsedTime(start.Wall).TotalSeconds;
        var rss = pids.Select(RssMiB).ToArray();
        return string.Create(CultureInfo.InvariantCulture,
            $"idle RSS: kubewise run {rss[0]:0} MiB + Azurite {rss[1]:0} MiB = {rss.Sum():0} MiB\n"
            + $"idle CPU over {wall:0} s (default 30 s scans included): {100 * cpu / wall:0.00} % of one core\n"
            + $"idle CPU between scans ({betweenWall:0} s): {(betweenWall > 0 ? 100 * between / betweenWall : double.NaN):0.00} % of one core");
    }

    private static double CpuSeconds(int pid)
    {
        var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // After "pid (comm)": state is field 0, utime 11, stime 12 (clock ticks, 100 per second on Linux).
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static double RssMiB(int pid) =>
        File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0).First();
}
