using KubeWise.Core.Entities;
using KubeWise.Core.Events;
using KubeWise.Testing.Fixtures;
using Microsoft.Extensions.Time.Testing;

namespace KubeWise.Core.Tests.Events.Legacy;

/// <summary>
/// Events the first release stored (<see cref="LegacyEvents"/>) read, filter and take an approval with today's code.
/// Each store runs it through a subclass that loads the fixture the way that store holds it.
/// </summary>
public abstract class LegacyEventStoreTests : IAsyncLifetime
{
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 7, 22, 0, 0, TimeSpan.Zero));

    protected IEventStore Store { get; private set; } = null!;

    public async Task InitializeAsync() => Store = await OpenAsync();

    public Task DisposeAsync() => CloseAsync();

    /// <summary>A store holding the fixture's three events.</summary>
    protected abstract Task<IEventStore> OpenAsync();

    protected abstract Task CloseAsync();

    [Fact]
    public async Task List_FirstReleaseEvents_AllReadNewestFirstWithTheirStatus()
    {
        var page = await Store.ListAsync(new EventQuery());

        Assert.Equal(3, page.Total);
        Assert.Equal([LegacyEvents.NodeId, LegacyEvents.AwaitingApprovalId, LegacyEvents.ResolvedId], page.Items.Select(e => e.AnomalyId));
        Assert.Equal([AnomalyStatus.Detected, AnomalyStatus.AwaitingApproval, AnomalyStatus.Resolved], page.Items.Select(e => e.Status));
    }

    [Fact]
    public async Task Get_AwaitingApproval_KeepsTheSeedFieldsEvidenceAndCommands()
    {
        var anomaly = (await Store.GetAsync(LegacyEvents.AwaitingApprovalId))!;

        Assert.Equal(("deployment", "shop", "web"), (anomaly.EntityType, anomaly.Namespace, anomaly.EntityId));
        Assert.Equal(new EntityKey(EntityType.Deployment, "shop", "web"), anomaly.Entity);
        Assert.Equal(-0.9, anomaly.AnomalyScore);
        Assert.Equal(3, anomaly.Version);
        Assert.Equal([LegacyEvents.Restart, LegacyEvents.Scale], anomaly.SuggestedRemediationCommands);
        Assert.Equal(["CrashLoopBackOff", "RestartBurst"], anomaly.Evidence.Select(e => e.Detector));
        Assert.Equal("kube_pod_container_status_restarts_total: 7 restarts in 10m (threshold: 3)", anomaly.Evidence[1].Message);
        Assert.Equal((7.0, 3.0), (anomaly.Evidence[1].Value, anomaly.Evidence[1].Threshold));
        Assert.Equal(["kube_pod_container_status_waiting_reason{reason=\"CrashLoopBackOff\"}", "kube_pod_container_status_restarts_total"], anomaly.Evidence.Select(e => e.FeatureName));
        Assert.Equal("HIGH", anomaly.AiAnalysis!.Severity);
        Assert.Equal(4, anomaly.AuditTrail.Count);
    }

    [Fact]
    public async Task Get_Resolved_KeepsDecisionAttemptAndVerification()
    {
        var anomaly = (await Store.GetAsync(LegacyEvents.ResolvedId))!;

        Assert.Equal([LegacyEvents.Restart], Assert.Single(anomaly.ApprovalDecisions).Commands);
        var attempt = Assert.Single(anomaly.RemediationAttempts);
        Assert.Equal((LegacyEvents.Restart, "success"), (attempt.Command, attempt.Status));
        Assert.True(anomaly.Verification!.Success);
        Assert.Equal(["IsolationForest", "IsolationForest"], anomaly.Evidence.Select(e => e.Detector));
        Assert.Equal(0.2, anomaly.Evidence[1].Threshold);
        Assert.Equal(["memory_working_set_bytes.slope", "cpu_usage.mean"], anomaly.Evidence.Select(e => e.FeatureName));
    }

    [Fact]
    public async Task Get_Node_HasNoNamespace()
    {
        var anomaly = (await Store.GetAsync(LegacyEvents.NodeId))!;

        Assert.Equal(("node", null, "worker-2"), (anomaly.EntityType, anomaly.Namespace, anomaly.EntityId));
        Assert.Equal(EntityKey.Node("worker-2"), anomaly.Entity);
    }

    [Fact]
    public async Task List_FilterByEntityAndStatus_FindsFirstReleaseEvents()
    {
        var nodes = await Store.ListAsync(new EventQuery { EntityType = "node" });
        var waiting = await Store.ListAsync(new EventQuery { Namespace = "shop", EntityId = "web", Statuses = [AnomalyStatus.AwaitingApproval] });

        Assert.Equal([LegacyEvents.NodeId], nodes.Items.Select(e => e.AnomalyId));
        Assert.Equal([LegacyEvents.AwaitingApprovalId], waiting.Items.Select(e => e.AnomalyId));
    }

    [Fact]
    public async Task Approve_AwaitingApproval_RecordsTheDecisionOnASuggestedCommand()
    {
        var before = (await Store.GetAsync(LegacyEvents.AwaitingApprovalId))!;

        await Store.ApplyAsync(new EventChange
        {
            AnomalyId = before.AnomalyId,
            ExpectedStatus = before.Status,
            ExpectedVersion = before.Version,
            NewStatus = AnomalyStatus.Approved,
            Actor = "key:alice",
            Decision = new ApprovalDecision { Decision = ApprovalKind.Approved, By = "key:alice", At = Time.GetUtcNow(), Commands = [before.SuggestedRemediationCommands[0]] },
        });
        var after = (await Store.GetAsync(LegacyEvents.AwaitingApprovalId))!;

        Assert.Equal(AnomalyStatus.Approved, after.Status);
        Assert.Equal(4, after.Version);
        var decision = Assert.Single(after.ApprovalDecisions);
        Assert.Equal(("key:alice", ApprovalKind.Approved), (decision.By, decision.Decision));
        Assert.Equal([LegacyEvents.Restart], decision.Commands);
        Assert.Equal([LegacyEvents.Restart, LegacyEvents.Scale], after.SuggestedRemediationCommands);
        Assert.Equal("status AwaitingApproval -> Approved; fix approved", after.AuditTrail[^1].Action);
    }
}
