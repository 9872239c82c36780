using System.Diagnostics;
using System.Text.Json.Nodes;
using KubeWise.Core.Events;
using KubeWise.EndToEnd.Tests.Harness;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace KubeWise.EndToEnd.Tests.Scenarios;

/// <summary>
/// Scenario 5: MongoDB is down for one timer cycle, in the middle of an incident's detection. The failed cycle is the
/// timer function failing (the host logs it and fires again); the next cycle continues from what the store kept, opens
/// the incident, and it is recorded and started exactly once. MongoDB only: an embedded LiteDB file has no server to lose.
/// </summary>
public sealed class StoreOutageTests(ITestOutputHelper output)
{
    /// <summary>How long the store stays down in the detection story: longer than the store-retry limit set below, so
    /// orchestrations give up (StoreUnavailable) and must be restarted, and far longer than any single retry.</summary>
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(26);

    private static readonly string[] Services = ["cart", "checkout", "payments", "search"];

    [Fact]
    public async Task Outage_DuringDetectionOfFourIncidents_EveryIncidentReachesAwaitingApprovalWithOneOrchestrationEach()
    {
        await using var mongo = await RestartableMongoServer.StartNewAsync();
        await using var e2e = await EndToEndSystem.StartAsync(new EndToEndOptions
        {
            Store = StoreKind.MongoDb,
            MongoUrl = mongo.Url,
            Gemini = false,
            Settings = new Dictionary<string, string?>
            {
                // Steps retry while the store is down for at most 8 s (backoff up to 1 s): a 26 s outage outlasts that.
                ["Remediation:Workflow:StoreOutageLimit"] = "00:00:08",
                ["Remediation:Workflow:StoreRetryMaxInterval"] = "00:00:01",
            },
        });

        // First, the test server itself: an event written before an outage is still there after the restart, so a
        // loss below is KubeWise's, not the wire server's.
        var probe = (await e2e.Services.GetRequiredService<IEventStore>().CreateAsync(new AnomalyEvent
        {
            AnomalyId = AnomalyId.New(),
            DetectionTimestamp = DateTimeOffset.UtcNow,
            EntityId = "durability-probe",
            EntityType = "deployment",
            Namespace = "probe",
            AnomalyScore = -0.5,
        })).Event;
        await mongo.StopAsync();
        await e2e.WaitForStoreAsync(reachable: false);
        await mongo.StartAsync();
        await e2e.WaitForStoreAsync(reachable: true);
        var kept = await e2e.GetJsonAsync($"remediation/events/{probe.AnomalyId}");
        Assert.Equal(("durability-probe", "Detected"), (kept["entity_id"]!.GetValue<string>(), kept["status"]!.GetValue<string>()));

        foreach (var name in Services)
        {
            e2e.Cluster.AddCrashLooping("shop", name);
        }

        await e2e.Prometheus.WaitForScrapesAsync();
        e2e.StartTimer();

        // The store goes down about 2 s into detection: once the first incident's event is written, its
        // orchestration is on its way, and the other incidents may still be opening.
        await WaitForIncidentsAsync(e2e, 1, TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(2));
        await mongo.StopAsync();
        var down = Stopwatch.StartNew();
        await Task.Delay(Outage);
        await mongo.StartAsync();
        var back = Stopwatch.StartNew();
        down.Stop();

        var waiting = await WaitForIncidentsAsync(e2e, Services.Length, TimeSpan.FromSeconds(120), "AwaitingApproval");
        var recovered = back.Elapsed;
        await e2e.StopTimerAsync();

        // One event and one orchestration per incident, each event naming its own, waiting for a person.
        Assert.Equal(Services.Order(), waiting.Select(e => e["entity_id"]!.GetValue<string>()).Order());
        var orchestrations = (await e2e.OrchestrationsAsync()).Where(o => o.Name == "RemediationOrchestrator").ToList();
        Assert.Equal(Services.Length, orchestrations.Count);
        Assert.Equal(
            waiting.Select(e => e["orchestration_instance_id"]!.GetValue<string>()).Order(),
            orchestrations.Select(o => o.InstanceId).Order());
        Assert.All(orchestrations, o => Assert.Equal(OrchestrationRuntimeStatus.Running, o.RuntimeStatus));
        foreach (var anomaly in waiting)
        {
            var full = await e2e.GetJsonAsync($"remediation/events/{anomaly["anomaly_id"]!.GetValue<string>()}");
            Assert.Equal("rules", full["analyzer"]!["name"]!.GetValue<string>());
            Assert.NotEmpty(full["suggested_remediation_commands"]!.AsArray());
        }

        var restarts = e2e.Log.Lines.Count(l => l.Contains("starts again under the same id", StringComparison.Ordinal));
        output.WriteLine($"Store down {down.Elapsed.TotalSeconds:F1} s; all {Services.Length} incidents in AwaitingApproval {recovered.TotalSeconds:F1} s after it came back; {restarts} orchestration(s) restarted after giving up; {e2e.TickFailures.Count} failed tick(s).");
    }

    [Fact]
    public async Task Outage_DuringAnApproval_DecisionIsRefusedWhileDownThenRecordedOnceAndTheFixCompletes()
    {
        await using var mongo = await RestartableMongoServer.StartNewAsync();
        await using var e2e = await EndToEndSystem.StartAsync(new EndToEndOptions { Store = StoreKind.MongoDb, MongoUrl = mongo.Url, Gemini = false });
        var checkout = e2e.Cluster.AddCrashLooping("shop", "checkout");
        checkout.FixConfig();
        await e2e.Prometheus.WaitForScrapesAsync();
        e2e.StartTimer();
        var id = (await e2e.WaitForEventAsync("AwaitingApproval"))["anomaly_id"]!.GetValue<string>();
        var approval = new JsonObject { ["commands"] = new JsonArray("restart_deployment name=checkout ns=shop") };

        // Down: the decision cannot be recorded, and the caller is told so (503), not "not found".
        await mongo.StopAsync();
        await e2e.WaitForStoreAsync(reachable: false);
        var (refused, problem) = await e2e.PostJsonAsync($"remediation/events/{id}/approve", approval);
        Assert.True(refused == 503, $"{refused} {problem?.ToJsonString()}");

        // Back: approved once; then the store drops again while the workflow records and executes the fix.
        await mongo.StartAsync();
        await e2e.WaitForStoreAsync(reachable: true);
        var (status, decision) = await e2e.PostJsonAsync($"remediation/events/{id}/approve", approval);
        Assert.True(status is 200 or 202, $"{status} {decision?.ToJsonString()}");
        Assert.Equal(("approved", EndToEndSystem.Caller, "Approved"), (decision!["decision"]!.GetValue<string>(), decision["by"]!.GetValue<string>(), decision["event_status"]!.GetValue<string>()));
        await mongo.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(6));
        await mongo.StartAsync();
        await e2e.WaitForStoreAsync(reachable: true);

        var done = await e2e.WaitForStatusAsync(id, TimeSpan.FromSeconds(90), "Resolved", "RemediationFailed", "RemediationSuggested");
        Assert.True(done["status"]!.GetValue<string>() == "Resolved", done.ToJsonString());
        var recorded = Assert.Single(done["approval_decisions"]!.AsArray())!;
        Assert.Equal(EndToEndSystem.Caller, recorded["by"]!.GetValue<string>());
        Assert.Equal("restart_deployment name=checkout ns=shop", Assert.Single(done["remediation_attempts"]!.AsArray())!["command"]!.GetValue<string>());
        Assert.Equal(1, checkout.Rollouts);
        Assert.Single(await e2e.OrchestrationsAsync());
    }

    /// <summary>Polls the events API (tolerating 503 while the store is down) until <paramref name="count"/> incident events (not the probe) are in <paramref name="status"/> (any status when null).</summary>
    private static async Task<List<JsonNode>> WaitForIncidentsAsync(EndToEndSystem e2e, int count, TimeSpan timeout, string? status = null)
    {
        var limit = DateTime.UtcNow + timeout;
        var last = "";
        while (true)
        {
            using (var response = await e2e.Api.GetAsync("remediation/events?limit=100" + (status is null ? "" : $"&status={status}")))
            {
                last = await response.Content.ReadAsStringAsync();
                if (response.IsSuccessStatusCode)
                {
                    var found = JsonNode.Parse(last)!["events"]!.AsArray().Select(n => n!).Where(n => n["namespace"]?.GetValue<string>() == "shop").ToList();
                    if (found.Count >= count)
                    {
                        return found;
                    }
                }
            }

            if (DateTime.UtcNow > limit)
            {
                var all = await e2e.Api.GetStringAsync("remediation/events?limit=100");
                var orchestrations = string.Join("; ", (await e2e.OrchestrationsAsync()).Select(o => $"{o.InstanceId} {o.RuntimeStatus} {o.SerializedCustomStatus}"));
                throw new TimeoutException($"Fewer than {count} incidents in {status ?? "any status"} after {timeout}: {all}{Environment.NewLine}Orchestrations: {orchestrations}{Environment.NewLine}Failed ticks: {string.Join(" | ", e2e.TickFailures.TakeLast(5))}{Environment.NewLine}{e2e.Log.Tail(60)}");
            }

            await Task.Delay(250);
        }
    }

    [Fact]
    public async Task Tick_MongoDownForOneCycle_IncidentIsPickedUpNextCycleExactlyOnce()
    {
        await using var mongo = await RestartableMongoServer.StartNewAsync();
        await using var e2e = await EndToEndSystem.StartAsync(new EndToEndOptions { Store = StoreKind.MongoDb, MongoUrl = mongo.Url });
        e2e.Cluster.AddCrashLooping("shop", "checkout");
        e2e.Gemini.Enqueue(Analyses.Restart("shop", "checkout", "Pods of checkout crash on start: PAYMENT_API_URL points at an unreachable host."));
        await e2e.Prometheus.WaitForScrapesAsync();

        await e2e.TickAsync();
        Assert.Empty((await e2e.GetJsonAsync("remediation/events"))["events"]!.AsArray());

        await mongo.StopAsync();
        await e2e.WaitForStoreAsync(reachable: false);
        var outage = await Record.ExceptionAsync(() => e2e.TickAsync());
        Assert.NotNull(outage);
        using (var listDuringOutage = await e2e.Api.GetAsync("remediation/events"))
        {
            Assert.Equal(503, (int)listDuringOutage.StatusCode);
        }

        await mongo.StartAsync();
        await e2e.WaitForStoreAsync(reachable: true);
        await e2e.TickAsync();

        // Two anomalous cycles were stored (before and after the outage): the incident opens now, recorded once.
        // Each later tick records and starts whatever it opens before it returns, and runs in a later second than
        // the last cycle, so a second start of this incident would show under ids of its own.
        var listed = await e2e.WaitForEventAsync("AwaitingApproval", TimeSpan.FromSeconds(30));
        for (var i = 0; i < 2; i++)
        {
            await e2e.WaitForNextCycleSecondAsync();
            await e2e.TickAsync();
        }

        var events = (await e2e.GetJsonAsync("remediation/events"))["events"]!.AsArray();
        var only = Assert.Single(events);
        Assert.Equal(listed["anomaly_id"]!.GetValue<string>(), only!["anomaly_id"]!.GetValue<string>());
        Assert.Equal("checkout", only["entity_id"]!.GetValue<string>());
        var orchestration = Assert.Single(await e2e.OrchestrationsAsync());
        Assert.Equal(only["orchestration_instance_id"]?.GetValue<string>(), orchestration.InstanceId);
    }
}
