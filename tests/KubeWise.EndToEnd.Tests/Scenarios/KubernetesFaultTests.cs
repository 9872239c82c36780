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
    }
}
