using System.Text.Json.Nodes;
using k8s.Models;
using KubeWise.EndToEnd.Tests.Harness;

namespace KubeWise.EndToEnd.Tests.Scenarios;

/// <summary>
/// Scenario 3: no Gemini key. The built-in rule analyzer answers (restart first, roll back if that does not help),
/// the person approves only the restart, and the same MANUAL flow resolves the incident.
/// </summary>
public sealed class RuleAnalyzerFixTests
{
    [Theory]
    [InlineData(StoreKind.LiteDb)]
    [InlineData(StoreKind.MongoDb)]
    public async Task Manual_NoGeminiKey_RuleAnalyzerSuggestsTheRestartAndTheApprovedSubsetResolves(StoreKind store)
    {
        await using var e2e = await EndToEndSystem.StartAsync(new EndToEndOptions { Store = store, Gemini = false });
        var checkout = e2e.Cluster.AddCrashLooping("shop", "checkout");
        checkout.FixConfig();
        await e2e.Prometheus.WaitForScrapesAsync();
        e2e.StartTimer();

        var id = (await e2e.WaitForEventAsync("AwaitingApproval"))["anomaly_id"]!.GetValue<string>();
        var waiting = await e2e.GetJsonAsync($"remediation/events/{id}");
        Assert.Equal("rules", waiting["analyzer"]!["name"]!.GetValue<string>());
        Assert.Contains("CrashLoopBackOff", waiting["ai_analysis"]!["root_cause"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(
            ["restart_deployment name=checkout ns=shop", "rollback_deployment name=checkout ns=shop"],
            waiting["suggested_remediation_commands"]!.AsArray().Select(c => c!.GetValue<string>()));

        var (status, decision) = await e2e.PostJsonAsync($"remediation/events/{id}/approve", new JsonObject
        {
            ["comment"] = "Restart only; the rollout itself is fine.",
            ["commands"] = new JsonArray("restart_deployment name=checkout ns=shop"),
        });

        Assert.Equal(200, status);
        Assert.Equal(["restart_deployment name=checkout ns=shop"], decision!["commands"]!.AsArray().Select(c => c!.GetValue<string>()));
        var done = await e2e.WaitForStatusAsync(id, TimeSpan.FromSeconds(60), "Resolved", "RemediationFailed", "RemediationSuggested");
        Assert.True(done["status"]!.GetValue<string>() == "Resolved", done.ToJsonString());
        Assert.Equal(
            ["Detected", "Analyzing", "AwaitingApproval", "Approved", "Remediating", "Verifying", "Resolved"],
            Scenario.StatusTrail(done));
        Assert.Equal("restart_deployment name=checkout ns=shop", Assert.Single(done["remediation_attempts"]!.AsArray())!["command"]!.GetValue<string>());
        var deployment = e2e.Kube.Get<V1Deployment>("shop", "checkout");
        Assert.True(deployment.Spec.Template.Metadata.Annotations.ContainsKey("kubectl.kubernetes.io/restartedAt"));
        Assert.Single(Scenario.DeploymentChanges(e2e.Kube, "shop", "checkout"));
        Assert.Equal("KubeWiseRemediated", Assert.Single(Scenario.KubeWiseEvents(e2e.Kube, "shop")).Reason);
        Assert.Equal(1, checkout.Rollouts);
        Assert.Empty(e2e.Gemini.Requests);
        await e2e.Webhook.WaitForAsync(2);
        Assert.Equal(["awaiting_approval", "resolved"], e2e.Webhook.Received.Select(n => n["notification"]!.GetValue<string>()));
    }
}
