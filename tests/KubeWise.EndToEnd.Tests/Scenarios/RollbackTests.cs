using k8s.Models;
using KubeWise.EndToEnd.Tests.Harness;
using KubeWise.Testing.Cluster;

namespace KubeWise.EndToEnd.Tests.Scenarios;

/// <summary>
/// Scenario 2, AUTO with a fix that does not help: the Deployment crash-loops on a broken ConfigMap value, Gemini
/// blames the memory limit, KubeWise raises it on its own, the new pods crash just the same, verification fails and
/// the rollback puts the old limit back: the event ends RemediationFailed.
/// </summary>
public sealed class RollbackTests
{
    [Fact]
    public async Task Auto_FixThatDoesNotHelp_IsRolledBackAndTheEventFails()
    {
        await using var e2e = await EndToEndSystem.StartAsync(new EndToEndOptions { Mode = "AUTO" });
        var checkout = e2e.Cluster.AddCrashLooping("shop", "checkout");
        e2e.Gemini.Enqueue(
            Analyses.RaiseMemory("shop", "checkout", "app", "512Mi"),
            Analyses.NotResolved("The pods still crash-loop with the larger limit: memory was not the cause."));
        await e2e.Prometheus.WaitForScrapesAsync();
        e2e.StartTimer();

        var id = (await e2e.WaitForEventAsync("Remediating,Verifying,RemediationFailed"))["anomaly_id"]!.GetValue<string>();
        var done = await e2e.WaitForStatusAsync(id, TimeSpan.FromSeconds(60), "Resolved", "RemediationFailed", "RemediationSuggested");
        await e2e.StopTimerAsync();

        Assert.True(done["status"]!.GetValue<string>() == "RemediationFailed", done.ToJsonString());
        var trail = Scenario.StatusTrail(done);
        Assert.DoesNotContain("AwaitingApproval", trail);
        Assert.Equal(["Remediating", "Verifying", "RemediationFailed"], trail[^3..]);
        Assert.Equal("set_resources name=checkout ns=shop container=app memory_limit=512Mi", Assert.Single(done["remediation_attempts"]!.AsArray())!["command"]!.GetValue<string>());
        Assert.False(done["verification"]!["success"]!.GetValue<bool>());
        Assert.Equal("performed", done["rollback"]!["outcome"]!.GetValue<string>().ToLowerInvariant());

        // The cluster: the limit was raised and put back (two changes, two Kubernetes Events); the pods still crash.
        // The simulated controller acts on writes every 200 ms; one step now makes it act on the rollback's write
        // before its rollouts are counted (the event can reach RemediationFailed between two of its steps).
        e2e.Cluster.Step();
        var container = Assert.Single(e2e.Kube.Get<V1Deployment>("shop", "checkout").Spec.Template.Spec.Containers, c => c.Name == "app");
        Assert.Equal("256Mi", container.Resources.Limits["memory"].ToString());
        Assert.Equal(2, Scenario.DeploymentChanges(e2e.Kube, "shop", "checkout").Count);
        Assert.Equal(["KubeWiseRemediated", "KubeWiseRolledBack"], Scenario.KubeWiseEvents(e2e.Kube, "shop").Select(e => e.Reason).Order());
        Assert.Equal(2, checkout.Rollouts);
        Assert.All(checkout.Pods, p => Assert.True(p.CrashLooping));
        Assert.Equal(2, await e2e.PromQlAsync("sum(kube_pod_container_status_waiting_reason{namespace=\"shop\",reason=\"CrashLoopBackOff\"})"));
        var failed = await e2e.Webhook.WaitForAsync(1);
        Assert.Equal(("remediation_failed", id), (failed["notification"]!.GetValue<string>(), failed["anomaly_id"]!.GetValue<string>()));

        // Redaction is on by default: no name from the cluster reached the model, in the analysis or in the
        // verification, whose executed command names a container the verification's facts do not list.
        string[] reals = ["shop", "checkout", "worker-1", "worker-2", SimulatedDeployment.Image, "container=app", .. checkout.Pods.Select(p => p.Name)];
        Assert.Equal(2, e2e.Gemini.Requests.Count);
        // (The incident is in "contents"; the fixed instructions and the catalog's examples — "cordon_node name=worker-1" —
        // are the same for every cluster.)
        var incidents = e2e.Gemini.Requests.Select(r => r.Json.GetProperty("contents").GetRawText()).ToList();
        Assert.All(incidents, text => Assert.All(reals, real => Assert.DoesNotContain(real, text, StringComparison.Ordinal)));
        Assert.Contains("container=redacted-container-1 memory_limit=512Mi", incidents[1], StringComparison.Ordinal);
    }
}
