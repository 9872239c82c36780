using k8s.Models;
using KubeWise.Core.Events;
using KubeWise.Application.Activities;
using KubeWise.Application.Orchestrations;
using KubeWise.Testing.Kubernetes;
using KubeWise.Testing.Prometheus;
using Microsoft.DurableTask.Client;

namespace KubeWise.Functions.Tests.Orchestrations;

/// <summary>
/// <see cref="RemediationOrchestrator"/> with its real activities in the in-process Durable host, against the fake
/// Kubernetes API server, the fake Gemini server, LiteDB and a real Prometheus: what a person sees on the event, on
/// the cluster and in the orchestration's status.
/// </summary>
public sealed class RemediationWorkflowTests(PrometheusLiveFixture prometheus) : IClassFixture<PrometheusLiveFixture>
{
    private static readonly object Restart = new { operation = "restart_deployment", name = WorkflowHarness.Deployment, ns = WorkflowHarness.Namespace, rationale = "Clear the crash loop." };

    private static object Scale(int replicas) =>
        new { operation = "scale_deployment", name = WorkflowHarness.Deployment, ns = WorkflowHarness.Namespace, replicas, rationale = "More capacity." };

    [Fact]
    public async Task Approve_ManualMode_WaitsThenRestartsOnceAndResolves()
    {
        await using var h = await StartAsync("MANUAL");
        h.AnswerAnalysis(Restart);
        var id = await h.StartIncidentAsync();

        var waiting = await h.WaitForStageAsync(id, RemediationStage.AwaitingApproval);
        Assert.Equal("Approval-1", waiting.ApprovalEvent);
        Assert.NotNull(waiting.ExpiresAt);
        Assert.Equal(AnomalyStatus.AwaitingApproval, (await h.EventAsync(id)).Status);
        Assert.Empty(h.DeploymentWrites());

        HealOnNextWrite(h);
        await h.ApproveAsync(id, waiting, "alice");
        var outcome = await h.WaitForOutcomeAsync(id);

        AssertStage(RemediationStage.Resolved, outcome);
        var anomaly = await h.EventAsync(id);
        Assert.Equal(AnomalyStatus.Resolved, anomaly.Status);
        Assert.Equal("alice", Assert.Single(anomaly.ApprovalDecisions).By);
        Assert.Equal("success", Assert.Single(anomaly.RemediationAttempts).Status);
        Assert.Equal("restart_deployment", anomaly.RemediationAttempts[0].CommandData!.Operation);
        var typed = Assert.Single(anomaly.TypedCommands);
        Assert.Equal(("restart_deployment name=web ns=shop", "restart_deployment", false), (typed.Command, typed.Data.Operation, typed.SuggestionOnly));
        Assert.Equal([typed.Command], anomaly.SuggestedRemediationCommands);
        Assert.True(anomaly.Verification!.Success);
        Assert.Single(h.DeploymentWrites());
        var restarted = h.Kube.Get<V1Deployment>(WorkflowHarness.Namespace, WorkflowHarness.Deployment);
        Assert.True(restarted.Spec.Template.Metadata.Annotations.ContainsKey("kubectl.kubernetes.io/restartedAt"));
        Assert.Equal(
            [AnomalyStatus.Detected, AnomalyStatus.Analyzing, AnomalyStatus.AwaitingApproval, AnomalyStatus.Approved, AnomalyStatus.Remediating, AnomalyStatus.Verifying, AnomalyStatus.Resolved],
            anomaly.AuditTrail.Where(a => a.ToStatus is not null).Select(a => a.ToStatus!.Value));
    }

    [Fact]
    public async Task Reject_ManualMode_NothingIsWrittenAndTheEventSaysWho()
    {
        await using var h = await StartAsync("MANUAL");
        h.AnswerAnalysis(Restart);
        var id = await h.StartIncidentAsync();

        var waiting = await h.WaitForStageAsync(id, RemediationStage.AwaitingApproval);
        await h.RejectAsync(id, waiting, "bob");
        var outcome = await h.WaitForOutcomeAsync(id);

        AssertStage(RemediationStage.Rejected, outcome);
        var anomaly = await h.EventAsync(id);
        Assert.Equal(AnomalyStatus.Rejected, anomaly.Status);
        var decision = Assert.Single(anomaly.ApprovalDecisions);
        Assert.Equal((ApprovalKind.Rejected, "bob", "not now"), (decision.Decision, decision.By, decision.Comment));
        Assert.Empty(anomaly.RemediationAttempts);
        Assert.Empty(h.DeploymentWrites());
    }

    [Fact]
    public async Task Expire_NoDecisionWithinTheConfiguredTime_ExpiresWithoutWriting()
    {
        await using var h = await StartAsync("MANUAL", ("Remediation:Workflow:ApprovalTimeout", "00:00:02"));
        h.AnswerAnalysis(Restart);
        var id = await h.StartIncidentAsync();

        var waiting = await h.WaitForStageAsync(id, RemediationStage.AwaitingApproval);
        var outcome = await h.WaitForOutcomeAsync(id);

        AssertStage(RemediationStage.Expired, outcome);
        Assert.Equal(AnomalyStatus.Expired, (await h.EventAsync(id)).Status);
        Assert.Empty(h.DeploymentWrites());

        // A late answer to the expired wait changes nothing: the instance has ended (an ended instance runs nothing
        // more) and never ran a command.
        await h.ApproveAsync(id, waiting);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await h.Client.GetInstanceAsync(id))!.RuntimeStatus);
        Assert.Equal(0, h.Activities.Started(id, nameof(ExecuteCommandActivity)));
        Assert.Equal(AnomalyStatus.Expired, (await h.EventAsync(id)).Status);
        Assert.Empty(h.DeploymentWrites());
    }

    [Fact]
    public async Task Auto_NoApprovalNeeded_RestartsAndResolves()
    {
        await using var h = await StartAsync("AUTO");
        h.AnswerAnalysis(Restart);
        HealOnNextWrite(h);
        var id = await h.StartIncidentAsync();

        var outcome = await h.WaitForOutcomeAsync(id);

        AssertStage(RemediationStage.Resolved, outcome);
        var anomaly = await h.EventAsync(id);
        Assert.Empty(anomaly.ApprovalDecisions);
        Assert.DoesNotContain(anomaly.AuditTrail, a => a.ToStatus == AnomalyStatus.AwaitingApproval);
        Assert.Single(h.DeploymentWrites());
    }

    [Fact]
    public async Task Auto_ContradictoryScalesInOneAnswer_NoneRunsUntilAPersonChoosesOne()
    {
        await using var h = await StartAsync("AUTO");
        h.AnswerAnalysis(Scale(6), Scale(20), Scale(1));
        var id = await h.StartIncidentAsync();

        var waiting = await h.WaitForStageAsync(id, RemediationStage.AwaitingApproval);

        // AUTO does not walk 3 → 6 → 20 → 1: the conflict is shown where the person decides, and nothing was written.
        Assert.Contains("conflicting commands", waiting.Detail, StringComparison.Ordinal);
        Assert.Contains("Deployment/shop/web spec.replicas: scale_deployment name=web ns=shop replicas=6, then scale_deployment name=web ns=shop replicas=20, then scale_deployment name=web ns=shop replicas=1", waiting.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Kube.Writes, r => !r.DryRun && r.StatusCode < 300);
        var anomaly = await h.EventAsync(id);
        Assert.Equal(AnomalyStatus.AwaitingApproval, anomaly.Status);
        Assert.Contains(anomaly.AuditTrail, a => a.Comment?.Contains("Conflicting commands, so a person chooses", StringComparison.Ordinal) == true);

        HealOnNextWrite(h);
        await h.ApproveAsync(id, waiting, "alice", "scale_deployment name=web ns=shop replicas=6");
        var outcome = await h.WaitForOutcomeAsync(id);

        AssertStage(RemediationStage.Resolved, outcome);
        Assert.Equal(["scale_deployment name=web ns=shop replicas=6"], outcome.Executed);
    }

    [Fact]
    public async Task Analysis_EveryProposalIsRecordedWithWhatBecameOfIt()
    {
        await using var h = await StartAsync("MANUAL");
        h.AnswerAnalysis(
            Restart,
            new { operation = "restart_deployment", name = "coredns", ns = "kube-system" },
            new { operation = "rm_rf", name = "web", ns = "shop" });
        var id = await h.StartIncidentAsync();

        var waiting = await h.WaitForStageAsync(id, RemediationStage.AwaitingApproval);
        var anomaly = await h.EventAsync(id);

        Assert.Equal(3, anomaly.Proposals.Count);
        Assert.Equal(("restart_deployment name=web ns=shop", ProposalRecord.Accepted, "gemini"), (anomaly.Proposals[0].Proposal, anomaly.Proposals[0].Outcome, anomaly.Proposals[0].Analyzer));
        var coredns = Assert.Single(anomaly.Proposals, p => p.Proposal.Contains("coredns", StringComparison.Ordinal));
        Assert.Equal(ProposalRecord.Dropped, coredns.Outcome);
        Assert.False(string.IsNullOrWhiteSpace(coredns.Reason));
        var unknown = Assert.Single(anomaly.Proposals, p => p.Proposal.Contains("rm_rf", StringComparison.Ordinal));
        Assert.Equal(ProposalRecord.Dropped, unknown.Outcome);
        Assert.Contains("rm_rf", unknown.Reason, StringComparison.Ordinal);
        Assert.Contains(anomaly.AuditTrail, a => a.Action.Contains("2 proposal(s) dropped", StringComparison.Ordinal));
        await h.RejectAsync(id, waiting);
        await h.WaitForOutcomeAsync(id);
    }

    [Fact]
    public async Task Brake_SwitchToManualBetweenPhases_StopsUntilApproved()
    {
        await using var h = await StartAsync("AUTO", ("Remediation:Workflow:PhaseInterval", "00:00:02"));
        h.AnswerAnalysis(Scale(9));
        var id = await h.StartIncidentAsync();

        await WaitForReplicasAsync(h, 6);
        await h.Modes.SetAsync("MANUAL", "carol");
        var waiting = await h.WaitForStageAsync(id, RemediationStage.AwaitingApproval);
        // Waiting for a person now, with nothing of its own still running: the first phase ran and no other.
        Assert.Empty(h.Activities.Running(id));
        Assert.Equal(1, h.Activities.Started(id, nameof(ExecuteCommandActivity)));
        Assert.Equal(6, h.Kube.Get<V1Deployment>(WorkflowHarness.Namespace, WorkflowHarness.Deployment).Spec.Replicas);
        var braked = await h.EventAsync(id);
        Assert.Equal(AnomalyStatus.AwaitingApproval, braked.Status);
        Assert.Contains("switched to MANUAL by carol", braked.AuditTrail[^1].Comment, StringComparison.Ordinal);

        HealOnNextWrite(h);
        await h.ApproveAsync(id, waiting, "carol");
        var outcome = await h.WaitForOutcomeAsync(id);

        AssertStage(RemediationStage.Resolved, outcome);
        Assert.Equal(9, h.Kube.Get<V1Deployment>(WorkflowHarness.Namespace, WorkflowHarness.Deployment).Spec.Replicas);

        // Phase 1 (3 -> 6) ran before the brake and was not applied again after the approval.
        Assert.Equal(["scale_deployment name=web ns=shop replicas=6", "scale_deployment name=web ns=shop replicas=9"], outcome.Executed);
        Assert.Equal(2, h.Kube.Writes.Count(r => r.Subresource == "scale" && !r.DryRun));
    }

    [Fact]
    public async Task Retry_CommandFailsWithServerErrorThenSucceeds_AppliedExactlyOnce()
    {
        await using var h = await StartAsync("AUTO");
        h.AnswerAnalysis(Restart);
        HealOnNextWrite(h);
        h.Kube.FailNext(2, r => r.Resource == "deployments" && r.Verb == "patch" && !r.DryRun, 503);
        var id = await h.StartIncidentAsync();

        var outcome = await h.WaitForOutcomeAsync(id);

        AssertStage(RemediationStage.Resolved, outcome);
        var anomaly = await h.EventAsync(id);
        Assert.Equal(["failed", "failed", "success"], anomaly.RemediationAttempts.Select(a => a.Status));
        Assert.All(anomaly.RemediationAttempts.SkipLast(1), a => Assert.Equal(503, a.ApiStatusCode));
        Assert.Single(h.DeploymentWrites());
    }

    [Fact]
    public async Task PhasedScale_ThreeToNine_TwoPhasesWithATimerBetween()
    {
        await using var h = await StartAsync("AUTO");
        h.AnswerAnalysis(Scale(9));
        HealOnNextWrite(h);
        var id = await h.StartIncidentAsync();

        var outcome = await h.WaitForOutcomeAsync(id);

        AssertStage(RemediationStage.Resolved, outcome);
        Assert.Equal(
            ["scale_deployment name=web ns=shop replicas=6", "scale_deployment name=web ns=shop replicas=9"],
            outcome.Executed);
        var scaled = h.Kube.Writes.Where(r => r.Subresource == "scale" && !r.DryRun && r.StatusCode < 300).ToList();
        Assert.Equal(2, scaled.Count);
        var attempts = (await h.EventAsync(id)).RemediationAttempts;
        Assert.True(attempts[1].StartedAt - attempts[0].FinishedAt!.Value >= TimeSpan.FromMilliseconds(400));
    }

    [Fact]
    public async Task VerificationFails_ScaleIsRolledBack_RemediationFailed()
    {
        await using var h = await StartAsync("AUTO");
        h.AnswerAnalysis(Scale(5));
        var id = await h.StartIncidentAsync();

        var outcome = await h.WaitForOutcomeAsync(id);

        AssertStage(RemediationStage.RemediationFailed, outcome);
        Assert.Equal("performed", outcome.Rollback);
        var anomaly = await h.EventAsync(id);
        Assert.Equal(AnomalyStatus.RemediationFailed, anomaly.Status);
        Assert.False(anomaly.Verification!.Success);
        Assert.Equal(RollbackOutcome.Performed, anomaly.Rollback!.Outcome);
        Assert.Equal(3, h.Kube.Get<V1Deployment>(WorkflowHarness.Namespace, WorkflowHarness.Deployment).Spec.Replicas);
    }

    [Fact]
    public async Task VerificationFails_RollbackKeepsFailing_EndsCleanlyWithWhatStaysInPlace()
    {
        await using var h = await StartAsync("AUTO");
        h.AnswerAnalysis(Scale(5));
        // Every rollback write (and its dry run: the patch that sets the rolled-back marker) is refused by the server.
        h.Kube.FailNext(10_000, r => r.Verb == "patch" && r.Body?.Contains("rolled-back", StringComparison.Ordinal) == true, 500);
        var id = await h.StartIncidentAsync();

        // The orchestration completes (it does not fail), and the event is in a final status that says what happened.
        var outcome = await h.WaitForOutcomeAsync(id, TimeSpan.FromMinutes(2));

        AssertStage(RemediationStage.RemediationFailed, outcome);
        Assert.Equal("failed", outcome.Rollback);
        var anomaly = await h.EventAsync(id);
        Assert.Equal(AnomalyStatus.RemediationFailed, anomaly.Status);
        Assert.Equal(RollbackOutcome.Failed, anomaly.Rollback!.Outcome);
        Assert.Contains("Left in place: scale_deployment name=web ns=shop replicas=5 (spec.replicas=5; before: spec.replicas=3)", anomaly.Rollback.Detail, StringComparison.Ordinal);
        Assert.Contains("A person must", anomaly.Rollback.Detail, StringComparison.Ordinal);
        // Each attempt is on the record as it happened, not only a final success.
        Assert.Contains(anomaly.AuditTrail, a => a.Action == "rollback attempt" && a.Comment!.Contains("failed", StringComparison.Ordinal));
        Assert.Equal(5, h.Kube.Get<V1Deployment>(WorkflowHarness.Namespace, WorkflowHarness.Deployment).Spec.Replicas);
        var warning = Assert.Single(h.Kube.List<Corev1Event>(WorkflowHarness.Namespace), e => e.Reason == "KubeWiseRollbackFailed");
        Assert.Equal(("Warning", WorkflowHarness.Deployment), (warning.Type, warning.InvolvedObject.Name));
    }

    [Fact]
    public async Task VerificationFails_RollbackAnswerLost_RestoredOnceAndItsEventRecorded()
    {
        await using var h = await StartAsync("AUTO");
        h.AnswerAnalysis(Scale(5));
        // The server applies the rollback, then the answer is lost: the retry finds the rolled-back marker.
        h.Kube.FailNext(1, r => r.Verb == "patch" && !r.DryRun && r.Body?.Contains("rolled-back", StringComparison.Ordinal) == true, 503,
            timing: FaultTiming.AfterHandling);
        var id = await h.StartIncidentAsync();

        var outcome = await h.WaitForOutcomeAsync(id);

        AssertStage(RemediationStage.RemediationFailed, outcome);
        Assert.Equal("performed", outcome.Rollback);
        Assert.Equal(3, h.Kube.Get<V1Deployment>(WorkflowHarness.Namespace, WorkflowHarness.Deployment).Spec.Replicas);
        Assert.Single(h.Kube.List<Corev1Event>(WorkflowHarness.Namespace), e => e.Reason == "KubeWiseRolledBack");
    }

    [Fact]
    public async Task Replay_ManyReplaysAcrossWaitsAndTimers_ExecuteNothingTwice()
    {
        await using var h = await StartAsync("MANUAL", ("Remediation:Workflow:PhaseInterval", "00:00:01"));
        h.AnswerAnalysis(Scale(9));
        var id = await h.StartIncidentAsync();

        var waiting = await h.WaitForStageAsync(id, RemediationStage.AwaitingApproval);
        HealOnNextWrite(h);
        await h.ApproveAsync(id, waiting);
        var outcome = await h.WaitForOutcomeAsync(id);

        // Every await (activities, the approval, the phase and verification timers) replays the orchestrator from the
        // top; only the history's results are reused, so each write happened once.
        AssertStage(RemediationStage.Resolved, outcome);
        var anomaly = await h.EventAsync(id);
        Assert.Equal(2, anomaly.RemediationAttempts.Count);
        Assert.Equal(2, h.Kube.Writes.Count(r => r.Subresource == "scale" && !r.DryRun));
        Assert.Single(anomaly.ApprovalDecisions);
        Assert.Single(anomaly.AuditTrail, a => a.ToStatus == AnomalyStatus.Analyzing);
    }

    [Fact]
    public async Task Pause_SettingOn_NothingIsWrittenUntilItIsLifted()
    {
        await using var h = await StartAsync("AUTO", ("Remediation:Workflow:Paused", "true"));
        h.AnswerAnalysis(Restart);
        var id = await h.StartIncidentAsync();

        await h.WaitForStageAsync(id, RemediationStage.Paused);
        // The orchestration went on polling the mode: each poll answered "paused" and was acted on by asking again,
        // where a run that ignored the pause would have gone on to execute.
        await h.Activities.WaitUntilAsync(id,
            a => a.Started(id, nameof(CheckRemediationModeActivity)) >= PausedModeChecks || a.Started(id, nameof(ExecuteCommandActivity)) > 0,
            $"{PausedModeChecks} mode checks");
        Assert.True(h.Activities.Started(id, nameof(ExecuteCommandActivity)) == 0, $"executed while paused: {h.Activities.Describe(id)}");
        Assert.Empty(h.DeploymentWrites());

        HealOnNextWrite(h);
        h.Configure("Remediation:Workflow:Paused", "false");
        var outcome = await h.WaitForOutcomeAsync(id);

        AssertStage(RemediationStage.Resolved, outcome);
        Assert.Single(h.DeploymentWrites());
        var notes = (await h.EventAsync(id)).AuditTrail.Select(a => a.Action).ToList();
        Assert.Single(notes, n => n == "execution paused");
        Assert.True(notes.IndexOf("execution paused") < notes.IndexOf("execution resumed"), string.Join(" | ", notes));
    }

    [Fact]
    public async Task Revalidation_OptOutAddedAfterApproval_NothingWrittenAndTheFixStaysASuggestion()
    {
        await using var h = await StartAsync("MANUAL");
        h.AnswerAnalysis(Restart);
        var id = await h.StartIncidentAsync();
        var waiting = await h.WaitForStageAsync(id, RemediationStage.AwaitingApproval);

        h.Kube.Mutate<V1Deployment>(WorkflowHarness.Namespace, WorkflowHarness.Deployment,
            d => d.Metadata.Annotations = new Dictionary<string, string> { ["kubewise.io/remediation"] = "disabled" });
        await h.ApproveAsync(id, waiting);
        var outcome = await h.WaitForOutcomeAsync(id);

        AssertStage(RemediationStage.Suggested, outcome);
        Assert.Contains("Re-validation refused", outcome.Summary, StringComparison.Ordinal);
        Assert.Equal(AnomalyStatus.RemediationSuggested, (await h.EventAsync(id)).Status);
        Assert.Empty(h.DeploymentWrites());
    }

    /// <summary>The AUTO check before approval, then four polls while paused (the fifth start shows the fourth was acted on).</summary>
    private const int PausedModeChecks = 5;

    private static void AssertStage(RemediationStage expected, RemediationOutcome outcome) =>
        Assert.True(outcome.Stage == expected, $"Expected {expected}, ended {outcome.Stage}: {outcome.Summary}");

    private async Task<WorkflowHarness> StartAsync(string mode, params (string Key, string? Value)[] settings)
    {
        ClusterMetrics.Serve(prometheus.Exporter, crashLooping: true);
        var h = await WorkflowHarness.StartAsync(prometheus.Url, mode, settings.ToDictionary(s => s.Key, s => s.Value));
        h.AddCluster();
        await prometheus.WaitForScrapesAsync();
        return h;
    }

    /// <summary>The fix works: the first real write to the Deployment ends the crash loop the exporter reports.</summary>
    private void HealOnNextWrite(WorkflowHarness h) =>
        h.Kube.BeforeNext(r => r.Resource == "deployments" && r.Verb is "patch" or "update" && !r.DryRun, () => ClusterMetrics.Heal(prometheus.Exporter));

    private static async Task WaitForReplicasAsync(WorkflowHarness h, int replicas)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (h.Kube.Get<V1Deployment>(WorkflowHarness.Namespace, WorkflowHarness.Deployment).Spec.Replicas != replicas)
        {
            await Task.Delay(50, cts.Token);
        }
    }
}
