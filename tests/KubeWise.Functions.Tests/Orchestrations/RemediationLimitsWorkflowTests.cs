using k8s.Models;
using KubeWise.Core.Events;
using KubeWise.Application.Activities;
using KubeWise.Application.Orchestrations;
using KubeWise.Testing.Prometheus;

namespace KubeWise.Functions.Tests.Orchestrations;

/// <summary>
/// The cluster-wide storm limit and the per-entity rate limit at execution time, with the real orchestrator and
/// activities: what other incidents applied (read from the store) counts, not only this incident's own attempts.
/// </summary>
public sealed class RemediationLimitsWorkflowTests(PrometheusLiveFixture prometheus) : IClassFixture<PrometheusLiveFixture>
{
    private static object Restart(string deployment) =>
        new { operation = "restart_deployment", name = deployment, ns = WorkflowHarness.Namespace, rationale = "Clear the crash loop." };

    [Fact]
    public async Task StormLimit_TwoIncidentsOnDifferentDeployments_TheSecondIsRefusedAtExecution()
    {
        await using var h = await StartAsync(("Remediation:Policy:MaxRemediationsPerWindow", "1"));
        h.AddDeployment("api");
        h.AnswerAnalysis(Restart("api"));
        h.AnswerAnalysis(Restart(WorkflowHarness.Deployment));

        // Both are analysed (and allowed: nothing ran yet) while execution is paused; then both go at once.
        var first = await h.StartIncidentAsync("CrashLoopBackOff", "api");
        await h.WaitForStageAsync(first, RemediationStage.Paused);
        var second = await h.StartIncidentAsync("CrashLoopBackOff", WorkflowHarness.Deployment);
        await h.WaitForStageAsync(second, RemediationStage.Paused);
        await ReleaseOneAtATimeAsync(h, r => r.Name == WorkflowHarness.Deployment);

        var outcome = await h.WaitForOutcomeAsync(second);

        Assert.Equal("success", Assert.Single((await h.EventAsync(first)).RemediationAttempts).Status);
        Assert.Empty(outcome.Executed);
        var refused = await h.EventAsync(second);
        var attempt = Assert.Single(refused.RemediationAttempts);
        Assert.Equal("failed", attempt.Status);
        Assert.Contains("storm limit 1", attempt.Error, StringComparison.Ordinal);
        Assert.Contains(refused.AuditTrail, a => a.Comment?.Contains("storm limit 1", StringComparison.Ordinal) == true);
        Assert.True(AnomalyStateMachine.IsFinal(refused.Status), $"ended {refused.Status}");
        Assert.Empty(h.DeploymentWrites());
    }

    [Fact]
    public async Task RateLimit_TwoIncidentsOnTheSameDeployment_TheSecondIsRefusedAtExecution()
    {
        await using var h = await StartAsync(("Remediation:Policy:MaxActionsPerEntity", "1"));
        h.AnswerAnalysis(Restart(WorkflowHarness.Deployment));
        h.AnswerAnalysis(Restart(WorkflowHarness.Deployment));

        var one = await h.StartIncidentAsync("CrashLoopBackOff", WorkflowHarness.Deployment);
        await h.WaitForStageAsync(one, RemediationStage.Paused);
        var two = await h.StartIncidentAsync("OOMKilled", WorkflowHarness.Deployment);
        await h.WaitForStageAsync(two, RemediationStage.Paused);
        await ReleaseOneAtATimeAsync(h, r => r.Name == WorkflowHarness.Deployment);

        var outcomes = new[] { await h.WaitForOutcomeAsync(one), await h.WaitForOutcomeAsync(two) };

        Assert.Single(outcomes, o => o.Executed.Count == 1);
        var refused = (await Task.WhenAll(h.EventAsync(one), h.EventAsync(two))).Single(e => e.RemediationAttempts.All(a => a.Status != "success"));
        var attempt = Assert.Single(refused.RemediationAttempts);
        Assert.Contains("already hit Deployment/shop/web", attempt.Error, StringComparison.Ordinal);
        Assert.Contains("(limit 1)", attempt.Error, StringComparison.Ordinal);
        Assert.Single(h.DeploymentWrites());
    }

    [Fact]
    public async Task StormLimit_TwoIncidentsExecutingAtTheSameMoment_OnlyOneWrites()
    {
        await using var h = await StartAsync(("Remediation:Policy:MaxRemediationsPerWindow", "1"));
        h.AddDeployment("api");
        h.AnswerAnalysis(Restart("api"));
        h.AnswerAnalysis(Restart(WorkflowHarness.Deployment));
        var first = await h.StartIncidentAsync("CrashLoopBackOff", "api");
        await h.WaitForStageAsync(first, RemediationStage.Paused);
        var second = await h.StartIncidentAsync("CrashLoopBackOff", WorkflowHarness.Deployment);
        await h.WaitForStageAsync(second, RemediationStage.Paused);

        // Whichever writes first is held until the other has passed re-validation too and is executing: only the
        // check right before the write can stop one of them now. (Not disposed: the fake server's request thread may
        // still be returning from Wait when the test moves on.)
        var bothExecuting = new ManualResetEventSlim();
        h.Kube.BeforeNext(r => r.Resource == "deployments" && r.Verb is "patch" or "update" && !r.DryRun, () => bothExecuting.Wait(TimeSpan.FromSeconds(30)));
        h.Configure("Remediation:Workflow:Paused", "false");
        await h.Activities.WaitUntilAsync(second,
            a => a.Started(first, nameof(ExecuteCommandActivity)) > 0 && a.Started(second, nameof(ExecuteCommandActivity)) > 0, "both executing");
        bothExecuting.Set();
        await h.WaitForOutcomeAsync(first);
        await h.WaitForOutcomeAsync(second);

        var events = await Task.WhenAll(h.EventAsync(first), h.EventAsync(second));
        Assert.Single(events, e => e.RemediationAttempts.Any(a => a.Status == "success"));
        var refused = events.Single(e => e.RemediationAttempts.All(a => a.Status != "success"));
        Assert.Contains(refused.AuditTrail, a => a.Comment?.Contains("storm limit 1", StringComparison.Ordinal) == true);
        Assert.Single(h.Kube.Writes, w => w.Resource == "deployments" && !w.DryRun && w.Body?.Contains("kubectl.kubernetes.io/restartedAt", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task RateLimit_PhasesOfOneScale_AreOneRemediationNotSeveral()
    {
        await using var h = await StartAsync(("Remediation:Policy:MaxActionsPerEntity", "1"), ("Remediation:Workflow:Paused", "false"));
        h.AnswerAnalysis(new { operation = "scale_deployment", name = WorkflowHarness.Deployment, ns = WorkflowHarness.Namespace, replicas = 9, rationale = "More capacity." });
        h.Kube.BeforeNext(r => r.Resource == "deployments" && r.Verb is "patch" or "update" && !r.DryRun, () => ClusterMetrics.Heal(prometheus.Exporter));
        var id = await h.StartIncidentAsync();

        var outcome = await h.WaitForOutcomeAsync(id);

        Assert.True(outcome.Stage == RemediationStage.Resolved, $"ended {outcome.Stage}: {outcome.Summary}");
        Assert.Equal(2, outcome.Executed.Count);
        Assert.Equal(9, h.Kube.Get<V1Deployment>(WorkflowHarness.Namespace, WorkflowHarness.Deployment).Spec.Replicas);
    }

    /// <summary>
    /// Lifts the pause and forces the interleaving of two replicas racing: the first read of the matching object (the
    /// re-validation of whichever incident gets there first) is held until the other incident applied and recorded its
    /// fix, and that fix's write waits until the held read arrived. The held incident's re-validation therefore saw no
    /// recent remediation; only the check right before its write can stop it.
    /// </summary>
    private static async Task ReleaseOneAtATimeAsync(WorkflowHarness h, Func<KubeWise.Testing.Kubernetes.RecordedRequest, bool> match)
    {
        // Not disposed: the fake server's request threads may still be returning from Wait when the test moves on.
        var heldReadArrived = new ManualResetEventSlim();
        var otherApplied = new ManualResetEventSlim();
        h.Kube.BeforeNext(r => r.Verb == "get" && r.Resource == "deployments" && match(r), () =>
        {
            heldReadArrived.Set();
            otherApplied.Wait(TimeSpan.FromSeconds(30));
        });
        h.Kube.BeforeNext(r => r.Resource == "deployments" && r.Verb is "patch" or "update" && !r.DryRun, () => heldReadArrived.Wait(TimeSpan.FromSeconds(30)));
        h.Configure("Remediation:Workflow:Paused", "false");

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!(await h.Events.ListAsync(new EventQuery { Limit = 10 }, cts.Token)).Items.Any(e => e.RemediationAttempts.Any(a => a.Status == "success"))
            || !Settled(h.Kube.Get<V1Deployment>(WorkflowHarness.Namespace, WorkflowHarness.Deployment)))
        {
            await Task.Delay(50, cts.Token);
        }

        otherApplied.Set();
    }

    private static bool Settled(V1Deployment d) =>
        d.Status.ObservedGeneration == d.Metadata.Generation && d.Status.UpdatedReplicas == d.Spec.Replicas;

    private async Task<WorkflowHarness> StartAsync(params (string Key, string? Value)[] settings)
    {
        ClusterMetrics.Serve(prometheus.Exporter, crashLooping: true);
        var values = new Dictionary<string, string?> { ["Remediation:Workflow:Paused"] = "true" };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        var h = await WorkflowHarness.StartAsync(prometheus.Url, "AUTO", values);
        h.AddCluster();
        await prometheus.WaitForScrapesAsync();
        return h;
    }
}
