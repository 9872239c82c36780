using k8s.Models;
using KubeWise.EndToEnd.Tests.Harness;
using KubeWise.Testing.Kubernetes;

namespace KubeWise.EndToEnd.Tests.Scenarios;

/// <summary>
/// Scenario 4: the API server misbehaves while KubeWise restarts a crash-looping Deployment (its ConfigMap already
/// fixed) in AUTO mode: 429 (with Retry-After), a 409 conflict, and a 500 that comes back after the patch was stored.
/// Every attempt is retried, the restart is applied exactly once, the new pods run and the event is Resolved.
/// </summary>
public sealed class KubernetesFaultTests
{
    [Fact]
    public async Task Auto_TooManyRequestsConflictAndLostAnswer_RetriedAndAppliedExactlyOnce()
    {
        await using var e2e = await EndToEndSystem.StartAsync(new EndToEndOptions { Mode = "AUTO" });
        var cart = e2e.Cluster.AddCrashLooping("shop", "cart");
        cart.FixConfig();
        var generation = e2e.Kube.Get<V1Deployment>("shop", "cart").Metadata.Generation;
        e2e.Gemini.Enqueue(Analyses.Restart("shop", "cart", "Pods of cart crash on start: PAYMENT_API_URL points at an unreachable host."));
        static bool RealPatch(RecordedRequest r) => r.Resource == "deployments" && r.Name == "cart" && r.Verb == "patch" && !r.DryRun;
        e2e.Kube.FailNext(1, RealPatch, 429, retryAfterSeconds: 1);
        e2e.Kube.FailNext(1, RealPatch, 409);
        e2e.Kube.FailNext(1, RealPatch, 500, timing: FaultTiming.AfterHandling);
        await e2e.Prometheus.WaitForScrapesAsync();
        e2e.StartTimer();

        var id = (await e2e.WaitForEventAsync("Remediating,Verifying,Resolved,RemediationFailed"))["anomaly_id"]!.GetValue<string>();
        var done = await e2e.WaitForStatusAsync(id, TimeSpan.FromSeconds(60), "Resolved", "RemediationFailed", "RemediationSuggested");
        await e2e.StopTimerAsync();

        Assert.True(done["status"]!.GetValue<string>() == "Resolved", done.ToJsonString());
        Assert.Equal("CrashLoopBackOff", done["evidence"]![0]!["detector"]!.GetValue<string>());
        Assert.Equal([429, 409, 500], e2e.Kube.Writes.Where(RealPatch).Select(r => r.StatusCode).Take(3));

        // Exactly one change: one new generation, one rollout, one Kubernetes Event, the marker of this event.
        var deployment = e2e.Kube.Get<V1Deployment>("shop", "cart");
        Assert.Equal(generation + 1, deployment.Metadata.Generation);
        Assert.Equal(1, cart.Rollouts);
        Assert.StartsWith(id + "/", deployment.Metadata.Annotations["kubewise.io/applied"], StringComparison.Ordinal);
        Assert.Equal("KubeWiseRemediated", Assert.Single(Scenario.KubeWiseEvents(e2e.Kube, "shop")).Reason);
        Assert.All(cart.Pods, p => Assert.False(p.CrashLooping));
        var attempt = Assert.Single(done["remediation_attempts"]!.AsArray());
        Assert.True(attempt!["status"]!.GetValue<string>() == "success", done.ToJsonString());

        // The success does not hide the struggle: three API retries, the last one after the lost answer (500).
        Assert.Equal(3, attempt["api_retries"]!.GetValue<int>());
        Assert.StartsWith("500 ", attempt["last_transient_error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    /// <summary>
    /// The patch is stored but its answer is lost, and the executor does not retry (MaxRetries=0): the activity fails
    /// transiently, the orchestration runs it again, and the new run finds the marker. The restart happened once, and
    /// its Kubernetes Event is recorded although the run that wrote never got to it.
    /// </summary>
    [Fact]
    public async Task Auto_LostAnswerRetriedByANewActivityRun_AppliedOnceAndTheKubernetesEventRecorded()
    {
        await using var e2e = await EndToEndSystem.StartAsync(new EndToEndOptions
        {
            Mode = "AUTO",
            Settings = new Dictionary<string, string?> { ["Remediation:Execution:MaxRetries"] = "0" },
        });
        var cart = e2e.Cluster.AddCrashLooping("shop", "cart");
        cart.FixConfig();
        var generation = e2e.Kube.Get<V1Deployment>("shop", "cart").Metadata.Generation;
        e2e.Gemini.Enqueue(Analyses.Restart("shop", "cart", "Pods of cart crash on start: PAYMENT_API_URL points at an unreachable host."));
        static bool RealPatch(RecordedRequest r) => r.Resource == "deployments" && r.Name == "cart" && r.Verb == "patch" && !r.DryRun;
        e2e.Kube.FailNext(1, RealPatch, 500, timing: FaultTiming.AfterHandling);
        await e2e.Prometheus.WaitForScrapesAsync();
        e2e.StartTimer();

        var id = (await e2e.WaitForEventAsync("Remediating,Verifying,Resolved,RemediationFailed"))["anomaly_id"]!.GetValue<string>();
        var done = await e2e.WaitForStatusAsync(id, TimeSpan.FromSeconds(60), "Resolved", "RemediationFailed", "RemediationSuggested");
        await e2e.StopTimerAsync();

        Assert.True(done["status"]!.GetValue<string>() == "Resolved", done.ToJsonString());
        Assert.Equal([500], e2e.Kube.Writes.Where(RealPatch).Select(r => r.StatusCode));
        Assert.Equal(generation + 1, e2e.Kube.Get<V1Deployment>("shop", "cart").Metadata.Generation);
        Assert.Equal(1, cart.Rollouts);
        var announced = Assert.Single(Scenario.KubeWiseEvents(e2e.Kube, "shop"));
        Assert.Equal(("KubeWiseRemediated", "cart"), (announced.Reason, announced.InvolvedObject.Name));
        Assert.Contains(id, announced.Message, StringComparison.Ordinal);

        // The event shows both runs: the one whose answer was lost, and the one that found the change in place.
        var attempts = done["remediation_attempts"]!.AsArray();
        Assert.Equal(["failed", "success"], attempts.Select(a => a!["status"]!.GetValue<string>()));
        Assert.Equal(500, attempts[0]!["api_status_code"]!.GetValue<int>());
        Assert.All(attempts, a => Assert.Equal(0, a!["api_retries"]!.GetValue<int>()));
    }
}
