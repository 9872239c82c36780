using System.Text.Json.Nodes;
using k8s.Models;
using KubeWise.EndToEnd.Tests.Harness;
using KubeWise.Testing.Cluster;

namespace KubeWise.EndToEnd.Tests.Scenarios;

/// <summary>
/// Scenario 1, MANUAL: a Deployment crash-loops on a broken ConfigMap value; the team has shipped the fixed value but
/// the running pods still have the old one. The timer detects it, the orchestration asks Gemini and records the event,
/// a person approves through the API, KubeWise restarts the Deployment, the new pods read the fixed value and the metrics
/// Prometheus scrapes turn healthy, and the event is Resolved.
/// </summary>
public sealed class ManualFixTests
{
    [Theory]
    [InlineData(StoreKind.LiteDb)]
    [InlineData(StoreKind.MongoDb)]
    public async Task Manual_CrashLoopWithFixedConfig_ApprovedRestartIsVerifiedAndResolved(StoreKind store)
    {
        await using var e2e = await EndToEndSystem.StartAsync(new EndToEndOptions { Store = store });
        var checkout = e2e.Cluster.AddCrashLooping("shop", "checkout");
        checkout.FixConfig();
        e2e.Gemini.Enqueue(Analyses.Restart("shop", "checkout", "Pods of checkout crash on start: PAYMENT_API_URL points at an unreachable host."));
        await e2e.Prometheus.WaitForScrapesAsync();
        e2e.StartTimer();

        var listed = await e2e.WaitForEventAsync("AwaitingApproval");
        var id = listed["anomaly_id"]!.GetValue<string>();
        var waiting = await e2e.GetJsonAsync($"remediation/events/{id}");
        Assert.Equal(("checkout", "deployment", "shop"), (Text(waiting["entity_id"]), Text(waiting["entity_type"]), Text(waiting["namespace"])));
        Assert.Equal("CrashLoopBackOff", Text(waiting["evidence"]![0]!["detector"]));
        Assert.Equal(["restart_deployment name=checkout ns=shop"], Strings(waiting["suggested_remediation_commands"]));
        Assert.Empty(Scenario.DeploymentChanges(e2e.Kube, "shop", "checkout"));
        Assert.Equal(2, await e2e.PromQlAsync(CrashLooping));
        var asked = await e2e.Webhook.WaitForAsync(1);
        Assert.Equal("awaiting_approval", Text(asked["notification"]));
        Assert.EndsWith($"/api/v1/remediation/events/{id}/approve", Text(asked["approve_url"]), StringComparison.Ordinal);

        var (status, decision) = await e2e.PostJsonAsync($"remediation/events/{id}/approve", new JsonObject { ["comment"] = "Config fixed in #4711; restart to pick it up." });

        Assert.Equal(200, status);
        Assert.Equal(("recorded", "approved", EndToEndSystem.Caller), (Text(decision!["status"]), Text(decision["decision"]), Text(decision["by"])));
        var done = await e2e.WaitForStatusAsync(id, TimeSpan.FromSeconds(60), "Resolved", "RemediationFailed", "RemediationSuggested");
        Assert.True(Text(done["status"]) == "Resolved", done.ToJsonString());

        // The cluster: one restart, marked with the event, announced by a Kubernetes Event; new pods run the fixed config.
        var deployment = e2e.Kube.Get<V1Deployment>("shop", "checkout");
        Assert.True(deployment.Spec.Template.Metadata.Annotations.ContainsKey("kubectl.kubernetes.io/restartedAt"));
        Assert.StartsWith(id + "/", deployment.Metadata.Annotations["kubewise.io/applied"], StringComparison.Ordinal);
        Assert.Single(Scenario.DeploymentChanges(e2e.Kube, "shop", "checkout"));
        var announced = Assert.Single(Scenario.KubeWiseEvents(e2e.Kube, "shop"));
        Assert.Equal(("KubeWiseRemediated", "Deployment", "checkout"), (announced.Reason, announced.InvolvedObject.Kind, announced.InvolvedObject.Name));
        Assert.Contains(EndToEndSystem.Caller, announced.Message, StringComparison.Ordinal);
        Assert.Equal(1, checkout.Rollouts);
        Assert.All(checkout.Pods, p => Assert.False(p.CrashLooping));
        Assert.Equal(0, await e2e.PromQlAsync(CrashLooping));

        // What the user sees on the event: the whole way, who approved, what ran, how it was verified.
        Assert.Equal(
            ["Detected", "Analyzing", "AwaitingApproval", "Approved", "Remediating", "Verifying", "Resolved"],
            Scenario.StatusTrail(done));
        var approval = Assert.Single(done["approval_decisions"]!.AsArray());
        Assert.Equal((EndToEndSystem.Caller, "Config fixed in #4711; restart to pick it up."), (Text(approval!["by"]), Text(approval["comment"])));
        var attempt = Assert.Single(done["remediation_attempts"]!.AsArray());
        Assert.Equal("success", Text(attempt!["status"]));
        Assert.True(done["verification"]!["success"]!.GetValue<bool>());

        // The webhook heard both: the request for approval and the resolution.
        var resolved = await e2e.Webhook.WaitForAsync(2);
        Assert.Equal(("resolved", id), (Text(resolved["notification"]), Text(resolved["anomaly_id"])));

        // Later cycles see a healthy Deployment: still one event, one orchestration.
        await e2e.Prometheus.WaitForScrapesAsync(3);
        await e2e.StopTimerAsync();
        Assert.Single((await e2e.GetJsonAsync("remediation/events"))["events"]!.AsArray());
        Assert.Single(await e2e.OrchestrationsAsync());
    }

    private const string CrashLooping = "sum(kube_pod_container_status_waiting_reason{namespace=\"shop\",reason=\"CrashLoopBackOff\"})";

    private static string Text(JsonNode? node) => node?.GetValue<string>() ?? "";

    private static string[] Strings(JsonNode? node) => [.. node!.AsArray().Select(n => n!.GetValue<string>())];
}
