using System.Text.Json.Nodes;
using k8s.Models;
using KubeWise.Testing.Gemini;

namespace KubeWise.Run.Tests.Durability;

/// <summary>
/// <c>kubewise run</c> is killed with SIGKILL between the phases of a phased scale: the approved plan restarts checkout
/// and scales it from 2 to 8 replicas, which the policy splits into 2 → 5 and 5 → 8 with a durable timer between. The
/// process dies once phase 1 is applied and the orchestration has its result (the log line of the step), while the
/// timer runs; started again on the same data, it waits out the timer, applies phase 2 once, verifies and resolves.
/// No step is applied twice. Timeouts allow for Azure Storage's recovery (about 30 s); no fixed sleeps.
/// </summary>
public sealed class KillBetweenScalePhasesTests
{
    private const string Restart = "restart_deployment name=checkout ns=shop";
    private const string PhaseOne = "scale_deployment name=checkout ns=shop replicas=5";
    private const string PhaseTwo = "scale_deployment name=checkout ns=shop replicas=8";

    [Fact]
    public async Task SigkillHost_BetweenScalePhases_RestartedHostAppliesTheNextPhaseOnceAndResolves()
    {
        // A phase interval long enough to kill inside it.
        await using var world = await CrashLoopWorld.StartAsync(
            new Dictionary<string, string> { ["Remediation__Workflow__PhaseInterval"] = "00:00:20" }, gemini: true);
        world.Gemini!.Enqueue(GeminiAnalyses.CrashLoop("checkout",
            new { operation = "restart_deployment", name = "checkout", ns = "shop", rationale = "New pods read the fixed configuration." },
            new { operation = "scale_deployment", name = "checkout", ns = "shop", replicas = 8, rationale = "Room for the backlog." }));
        var run = world.Run;
        await run.StartAsync();
        var id = (await run.WaitForEventAsync("AwaitingApproval", TimeSpan.FromSeconds(120)))["anomaly_id"]!.GetValue<string>();
        var (status, decision) = await run.PostJsonAsync($"/api/v1/remediation/events/{id}/approve", new JsonObject { ["comment"] = "Restart, then scale out." });
        Assert.True(status is 200 or 202, $"approve answered {status}: {decision?.ToJsonString()}\n{run.Log}");

        // Phase 1 is applied and the orchestrator has its result: it now waits on the phase timer.
        await run.WaitForLogAsync($"{PhaseOne} -> ", TimeSpan.FromSeconds(90));
        Assert.Equal([5], ScaleWrites(world));
        await run.KillAsync();
        await run.StartAsync();
        var done = await run.WaitForStatusAsync(id, TimeSpan.FromSeconds(150), "Resolved", "RemediationFailed");

        Assert.True(done["status"]!.GetValue<string>() == "Resolved", done.ToJsonString() + "\n" + run.Log);
        var trail = CrashLoopWorld.StatusTrail(done);
        Assert.Equal(["Detected", "Analyzing", "AwaitingApproval", "Approved"], trail[..4]);
        Assert.Equal(["Verifying", "Resolved"], trail[^2..]);
        Assert.Equal(
            [Restart, PhaseOne, PhaseTwo],
            done["remediation_attempts"]!.AsArray().Select(a => a!["command"]!.GetValue<string>()));
        // The cluster saw each step once: one rollout (the restart), one scale write per phase.
        Assert.Equal([5, 8], ScaleWrites(world));
        Assert.Equal(1, world.Checkout.Rollouts);
        Assert.Equal(8, world.Kube.Get<V1Deployment>("shop", "checkout").Spec.Replicas);
        Assert.Equal(8, world.Checkout.Pods.Count);
        Assert.Equal(0, await run.TerminateAsync());
    }

    /// <summary>The replica counts the scale writes that changed checkout set, in order.</summary>
    private static int[] ScaleWrites(CrashLoopWorld world) =>
        [.. world.CheckoutChanges().Where(r => r.Subresource == "scale")
            .Select(r => JsonNode.Parse(r.Body!)!["spec"]!["replicas"]!.GetValue<int>())];
}
