using k8s.Models;

namespace KubeWise.Run.Tests.Durability;

/// <summary>
/// <c>kubewise run</c> is killed with SIGKILL while an incident waits for approval (and, in a second case, its Azurite
/// too) or while the fix is being verified, and started again on the same data: the fix runs exactly once and the
/// event ends Resolved. Timeouts allow for Azure Storage's recovery (queue visibility and the partition lease, about
/// 30 s); no fixed sleeps. Azurite killed with SIGKILL loses its last few seconds of writes (it saves its tables
/// every few seconds), so an approval given just before it died can be lost: that case is documented, not tested.
/// </summary>
public sealed class KillHostWhileAwaitingApprovalTests
{
    [Fact]
    public async Task SigkillHost_AzuriteKeepsRunning_RestartedHostTakesItOverAndTheApprovalResolvesOnce()
    {
        await using var world = await CrashLoopWorld.StartAsync();
        await DurabilityScenario.RunAsync(world, killAzurite: false);
    }
}

public sealed class KillHostAndAzuriteWhileAwaitingApprovalTests
{
    [Fact]
    public async Task SigkillHostAndAzurite_BothRestarted_TheApprovalResolvesOnce()
    {
        await using var world = await CrashLoopWorld.StartAsync();
        await DurabilityScenario.RunAsync(world, killAzurite: true);
    }
}

public sealed class KillHostDuringVerificationTests
{
    [Fact]
    public async Task SigkillHost_WhileTheFixIsVerified_TheRestartedHostVerifiesItAndResolvesWithoutApplyingItAgain()
    {
        // A verification delay long enough to kill inside it.
        await using var world = await CrashLoopWorld.StartAsync(new Dictionary<string, string> { ["Remediation__Workflow__VerificationDelay"] = "00:00:20" });
        var run = world.Run;
        await run.StartAsync();
        var id = (await run.WaitForEventAsync("AwaitingApproval", TimeSpan.FromSeconds(120)))["anomaly_id"]!.GetValue<string>();
        await run.PostJsonAsync($"/api/v1/remediation/events/{id}/approve", CrashLoopWorld.ApproveRestart());
        await run.WaitForStatusAsync(id, TimeSpan.FromSeconds(60), "Verifying");

        await run.KillAsync();
        await run.StartAsync();
        var done = await run.WaitForStatusAsync(id, TimeSpan.FromSeconds(150), "Resolved", "RemediationFailed");

        Assert.True(done["status"]!.GetValue<string>() == "Resolved", done.ToJsonString() + "\n" + run.Log);
        Assert.Equal(
            ["Detected", "Analyzing", "AwaitingApproval", "Approved", "Remediating", "Verifying", "Resolved"],
            CrashLoopWorld.StatusTrail(done));
        Assert.Single(world.CheckoutChanges());
        Assert.Equal(1, world.Checkout.Rollouts);
        Assert.Equal(0, await run.TerminateAsync());
    }
}

internal static class DurabilityScenario
{
    public static async Task RunAsync(CrashLoopWorld world, bool killAzurite)
    {
        var run = world.Run;
        await run.StartAsync();
        var id = (await run.WaitForEventAsync("AwaitingApproval", TimeSpan.FromSeconds(120)))["anomaly_id"]!.GetValue<string>();
        var azuriteBefore = run.AzuriteProcessId;

        if (killAzurite)
        {
            // Azurite writes its tables to disk every few seconds: an incident whose wait for approval is not on disk yet
            // is not "waiting" to a restarted Azurite. Kill once a save after the wait began is on disk.
            await run.WaitForAzuriteSaveAsync(DateTime.UtcNow.AddSeconds(2), TimeSpan.FromSeconds(30));
        }

        await run.KillAsync();
        if (killAzurite)
        {
            run.KillAzurite();
        }

        await run.StartAsync();
        var (status, decision) = await run.PostJsonAsync($"/api/v1/remediation/events/{id}/approve", CrashLoopWorld.ApproveRestart());
        var done = await run.WaitForStatusAsync(id, TimeSpan.FromSeconds(150), "Resolved", "RemediationFailed", "RemediationSuggested", "Rejected", "Expired");

        Assert.True(status is 200 or 202, $"approve answered {status}: {decision?.ToJsonString()}\n{run.Log}");
        Assert.True(done["status"]!.GetValue<string>() == "Resolved", done.ToJsonString() + "\n" + run.Log);
        Assert.Equal(
            ["Detected", "Analyzing", "AwaitingApproval", "Approved", "Remediating", "Verifying", "Resolved"],
            CrashLoopWorld.StatusTrail(done));
        Assert.Equal("restart_deployment name=checkout ns=shop", Assert.Single(done["remediation_attempts"]!.AsArray())!["command"]!.GetValue<string>());
        Assert.Single(world.CheckoutChanges());
        Assert.True(world.Kube.Get<V1Deployment>("shop", "checkout").Spec.Template.Metadata.Annotations.ContainsKey("kubectl.kubernetes.io/restartedAt"));
        Assert.Equal(1, world.Checkout.Rollouts);
        if (killAzurite)
        {
            Assert.NotEqual(azuriteBefore, run.AzuriteProcessId);
        }
        else
        {
            Assert.Equal(azuriteBefore, run.AzuriteProcessId);
        }

        Assert.Equal(0, await run.TerminateAsync());
    }
}
