using System.Text.Json.Nodes;
using KubeWise.EndToEnd.Tests.Harness;

namespace KubeWise.EndToEnd.Tests.Scenarios;

/// <summary>
/// MANUAL, a memory leak: the pods of a Deployment are OOM-killed, a person approves the restart Gemini suggests, the
/// new pods start at the baseline and are not killed again. Verification judges only what happened after the fix: the
/// OOM kills and restarts that caused the incident are still in the window, yet the event is Resolved.
/// </summary>
public sealed class LeakFixTests
{
    [Fact]
    public async Task Manual_OomKilledLeakFixedByRestart_IsVerifiedAndResolved()
    {
        await using var e2e = await EndToEndSystem.StartAsync();
        var cart = e2e.Cluster.AddLeaking("shop", "cart", firstOomIn: TimeSpan.FromSeconds(6));
        e2e.Gemini.Enqueue(Analyses.RestartLeaking("shop", "cart"));
        await e2e.Prometheus.WaitForScrapesAsync();
        e2e.StartTimer();

        var id = (await e2e.WaitForEventAsync("AwaitingApproval"))["anomaly_id"]!.GetValue<string>();
        var waiting = await e2e.GetJsonAsync($"remediation/events/{id}");
        Assert.Contains("OOMKilled", waiting["evidence"]!.AsArray().Select(e => e!["detector"]!.GetValue<string>()));
        Assert.Equal(2, await e2e.PromQlAsync(OomKilled));

        var (status, _) = await e2e.PostJsonAsync($"remediation/events/{id}/approve", new JsonObject { ["comment"] = "Restart now; leak fix ships tomorrow." });
        Assert.Equal(200, status);
        var done = await e2e.WaitForStatusAsync(id, TimeSpan.FromSeconds(60), "Resolved", "RemediationFailed", "RemediationSuggested");
        await e2e.StopTimerAsync();

        Assert.True(done["status"]!.GetValue<string>() == "Resolved", done.ToJsonString());
        Assert.Equal(["Approved", "Remediating", "Verifying", "Resolved"], Scenario.StatusTrail(done)[^4..]);
        Assert.True(done["verification"]!["success"]!.GetValue<bool>(), done.ToJsonString());
        Assert.Equal("restart_deployment name=cart ns=shop", Assert.Single(done["remediation_attempts"]!.AsArray())!["command"]!.GetValue<string>());

        // The cluster: one rollout; the new pods were never OOM-killed, while the old kills are still in the metrics' window.
        Assert.Equal(1, cart.Rollouts);
        Assert.All(cart.Pods, p => Assert.False(p.LastTerminatedOomKilled));
        Assert.Equal(0, await e2e.PromQlAsync("sum(kube_pod_container_status_restarts_total{namespace=\"shop\"})"));
        Assert.True(await e2e.PromQlAsync($"max_over_time(({OomKilled})[2m:1s])") >= 2);
    }

    private const string OomKilled = "sum(kube_pod_container_status_last_terminated_reason{namespace=\"shop\",reason=\"OOMKilled\"})";
}
