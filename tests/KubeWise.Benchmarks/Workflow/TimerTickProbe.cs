using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using KubeWise.Core;
using KubeWise.Application;
using KubeWise.Application.Orchestrations;
using KubeWise.Application.Workflows;
using KubeWise.Core.Incidents;
using KubeWise.Functions.Triggers;
using KubeWise.Testing.Durable;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeWise.Benchmarks.Workflow;

/// <summary>
/// The timer function's whole tick at scale (<see cref="ScanWorkflow.TickAsync"/>, what <see cref="ScanTimerFunction"/>
/// runs): the scan cycle, the incident book in the store (LiteDB), the Detected events and the orchestration starts
/// through a real Durable client (the in-process host). The orchestration registered under
/// <see cref="RemediationOrchestrator"/>'s name only waits, as a real one does for approval: its analysis runs on the
/// workers, not in the timer. Ticks are 30 s apart on a shifted clock over the backfilled history; the first is cold
/// (JIT, discovery), the second opens the incidents (two anomalous cycles) and starts their orchestrations, the rest
/// are steady. Runs as <c>scale-tick</c> in a child process (one JSON line per tick) so CPU and allocations are its own.
/// </summary>
internal static class TimerTickProbe
{
    public const int Ticks = 5;
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    /// <summary><c>scale-tick &lt;prometheus url&gt; &lt;at unix s&gt; &lt;model path&gt; &lt;prometheus pid&gt;</c>.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var url = new Uri(args[0]);
        var at = DateTimeOffset.FromUnixTimeSeconds(long.Parse(args[1], CultureInfo.InvariantCulture));
        var prometheusPid = int.Parse(args[3], CultureInfo.InvariantCulture);
        var directory = Directory.CreateTempSubdirectory("kubewise-tick-").FullName;
        Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "Warning");
        try
        {
            await using var host = await DurableTestHost.StartAsync(
                tasks => tasks.AddOrchestratorFunc(nameof(RemediationOrchestrator), context => context.WaitForExternalEvent<ApprovalEvent>("Approval-1")),
                new DurableTaskTestHostOptions { LoggerFactory = NullLoggerFactory.Instance });
            var clock = new ShiftedClock(at);
            var timings = new HttpTimings();
            var milestone = new ScanMilestone();
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Prometheus:Url"] = url.ToString().TrimEnd('/'),
                ["Prometheus:TimeoutSeconds"] = "120",
                ["Detection:ModelPath"] = args[2],
                ["Scan:DiscoveryIntervalSeconds"] = "3600",
                ["LiteDb:FilePath"] = Path.Combine(directory, "events.db"),
                ["Worker:SleepIntervalSeconds"] = ((int)Interval.TotalSeconds).ToString(CultureInfo.InvariantCulture),
                ["Remediation:Mode"] = "MANUAL",
            }).Build();
            var services = new ServiceCollection()
                .AddLogging(logging => logging.AddProvider(milestone))
                .AddSingleton<TimeProvider>(clock)
                .ConfigureHttpClientDefaults(http => http.AddHttpMessageHandler(timings.CreateHandler));
            services.AddKubeWiseCore(configuration);
            services.AddKubeWiseWorkflow(configuration);
            await using var provider = services.BuildServiceProvider();
            var workflow = provider.GetRequiredService<ScanWorkflow>();
            var self = Process.GetCurrentProcess();
            for (var tick = 1; tick <= Ticks; tick++)
            {
                clock.Now = at + (tick - 1) * Interval;
                timings.Reset();
                milestone.Reset();
                self.Refresh();
                var cpu = self.TotalProcessorTime;
                var prometheusCpu = ProcessCpu.Of(prometheusPid);
                var allocated = GC.GetTotalAllocatedBytes(precise: true);
                var started = Stopwatch.GetTimestamp();
                var result = await workflow.TickAsync(host.Client);
                var ended = Stopwatch.GetTimestamp();
                var allocatedMb = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0;
                self.Refresh();
                if (!result.Ran || result.Report is not { Succeeded: true } report)
                {
                    Console.Error.WriteLine($"tick {tick} did not run a successful cycle: {result.Report?.Failure}");
                    return 1;
                }

                var scanDone = milestone.CompletedAt;
                Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["tick"] = tick,
                    ["entities"] = report.Entities.Count,
                    ["anomalies"] = report.Anomalies.Count,
                    ["pending"] = result.Decisions!.Pending.Count,
                    ["started"] = result.Started.Count,
                    ["wall_ms"] = Stopwatch.GetElapsedTime(started, ended).TotalMilliseconds,
                    ["scan_ms"] = Stopwatch.GetElapsedTime(started, scanDone).TotalMilliseconds,
                    ["after_scan_ms"] = Stopwatch.GetElapsedTime(scanDone, ended).TotalMilliseconds,
                    ["prometheus_wait_ms"] = timings.Busy(url.Authority).Busy.TotalMilliseconds,
                    ["prometheus_cpu_ms"] = (ProcessCpu.Of(prometheusPid) - prometheusCpu).TotalMilliseconds,
                    ["cpu_ms"] = (self.TotalProcessorTime - cpu).TotalMilliseconds,
                    ["alloc_mb"] = allocatedMb,
                    ["requests"] = report.Requests,
                }));
            }

            return 0;
        }
        finally
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // LiteDB may still hold the file for a moment; the temp folder is cleaned by the OS.
            }
        }
    }
}
