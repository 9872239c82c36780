using KubeWise.Core.Incidents;
using KubeWise.EndToEnd.Tests.Harness;
using KubeWise.Application.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace KubeWise.EndToEnd.Tests.Scenarios;

/// <summary>
/// A crash loop that goes on long enough to be a restart burst too (restarts in the window, summed over the pods, reach
/// the threshold of 3) is still one problem: one event, one orchestration, one remediation waiting for approval.
/// </summary>
public sealed class CrashLoopIncidentTests
{
    [Fact]
    public async Task Manual_CrashLoopBecomesRestartBurst_StillOneEventAndOneOrchestration()
    {
        await using var e2e = await EndToEndSystem.StartAsync();
        // Restarts every 2 s per pod: the burst threshold is crossed a few seconds after the crash loop is seen.
        e2e.Cluster.AddCrashLooping("shop", "checkout", restartInterval: TimeSpan.FromSeconds(2));
        e2e.Gemini.Enqueue(Analyses.Restart("shop", "checkout", "Pods of checkout crash on start: PAYMENT_API_URL points at an unreachable host."));
        await e2e.Prometheus.WaitForScrapesAsync();
        e2e.StartTimer();

        var id = (await e2e.WaitForEventAsync("AwaitingApproval"))["anomaly_id"]!.GetValue<string>();
        await WaitForRestartsAsync(e2e, atLeast: 6);
        // Several timer cycles with both detectors firing.
        await e2e.Prometheus.WaitForScrapesAsync(5);
        await e2e.StopTimerAsync();

        // What the timer sees now, by the same work it does: both detectors on the Deployment, nothing new started.
        var workflow = e2e.Services.GetRequiredService<ScanWorkflow>();
        var tick = await workflow.TickAsync(e2e.Client);
        var detectors = tick.Report!.Anomalies.Where(a => a.Entity.ToString() == "deployment/shop/checkout").Select(a => a.Detector).ToList();
        Assert.Contains("CrashLoopBackOff", detectors);
        Assert.Contains("RestartBurst", detectors);
        Assert.Empty(tick.Started);
        var incident = Assert.Single(tick.Decisions!.Book.Entries, e => e.Entity.ToString() == "deployment/shop/checkout");
        Assert.Equal((IncidentFamily.ContainerRestarts, id), (incident.Kind, incident.AnomalyId));

        Assert.Empty(e2e.TickFailures);
        var listed = Assert.Single((await e2e.GetJsonAsync("remediation/events"))["events"]!.AsArray());
        Assert.Equal(id, listed!["anomaly_id"]!.GetValue<string>());
        var anomaly = await e2e.GetJsonAsync($"remediation/events/{id}");
        Assert.Equal("AwaitingApproval", anomaly["status"]!.GetValue<string>());
        Assert.Equal("CrashLoopBackOff", anomaly["evidence"]![0]!["detector"]!.GetValue<string>());
        Assert.Equal(incident.InstanceId, Assert.Single(await e2e.OrchestrationsAsync()).InstanceId);
        Assert.Empty(Scenario.DeploymentChanges(e2e.Kube, "shop", "checkout"));
        // One request for approval reached the team, for this event.
        Assert.Equal(id, (await e2e.Webhook.WaitForAsync(1))["anomaly_id"]!.GetValue<string>());
        Assert.Single(e2e.Webhook.Received);
    }

    private static async Task WaitForRestartsAsync(EndToEndSystem e2e, int atLeast)
    {
        const string query = "sum(increase(kube_pod_container_status_restarts_total{namespace=\"shop\"}[2m]))";
        var limit = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (await e2e.PromQlAsync(query) is not { } restarts || restarts < atLeast)
        {
            Assert.True(DateTime.UtcNow < limit, $"Restarts in the window stayed below {atLeast}.");
            await Task.Delay(500);
        }
    }
}
