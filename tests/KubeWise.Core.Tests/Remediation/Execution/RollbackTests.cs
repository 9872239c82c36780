using k8s.Models;
using KubeWise.Core.Remediation.Catalog;
using KubeWise.Core.Remediation.Execution;
using KubeWise.Core.Remediation.Execution.Operations;
using KubeWise.Testing.Kubernetes;

namespace KubeWise.Core.Tests.Remediation.Execution;

public class RollbackTests
{
    private static ScaleWorkloadOperation Scale(int replicas) =>
        new(new ScaleDeploymentCommand("web", "shop", replicas));

    [Fact]
    public async Task Rollback_ReplicasChangedBySomeoneElse_LeftAloneAndReported()
    {
        await using var h = await ExecutionHarness.StartAsync();
        h.Server.Add(K8sObjects.Deployment("shop", "web", replicas: 3));
        var op = Scale(5);
        var result = await h.ValidateAndExecuteAsync(op);
        h.Server.Mutate<V1Deployment>("shop", "web", d => d.Spec.Replicas = 8);
        var writes = h.Server.Writes.Count;

        var rollback = await h.Executor.RollbackAsync(op, result);

        Assert.Equal(RollbackStatus.LeftAlone, rollback.Status);
        Assert.Equal("spec.replicas is 8, KubeWise wrote 5", Assert.Single(rollback.Mismatches));
        Assert.Equal(8, h.Server.Get<V1Deployment>("shop", "web").Spec.Replicas);
        Assert.Equal(writes, h.Server.Writes.Count);
    }

    [Fact]
    public async Task Rollback_OtherFieldsChangedMeanwhile_RestoresOnlyTheTouchedField()
    {
        await using var h = await ExecutionHarness.StartAsync();
        h.Server.Add(K8sObjects.Deployment("shop", "web", replicas: 3));
        var op = Scale(5);
        var result = await h.ValidateAndExecuteAsync(op);
        h.Server.Mutate<V1Deployment>("shop", "web", d => d.Spec.Template.Spec.Containers[0].Image = "nginx:1.28");

        var rollback = await h.Executor.RollbackAsync(op, result);

        Assert.Equal(RollbackStatus.RolledBack, rollback.Status);
        var live = h.Server.Get<V1Deployment>("shop", "web");
        Assert.Equal(3, live.Spec.Replicas);
        Assert.Equal("nginx:1.28", live.Spec.Template.Spec.Containers[0].Image);
        Assert.Equal("3", Assert.Single(rollback.Restored).Json);
        Assert.True(rollback.DryRun!.Passed);
    }

    [Fact]
    public async Task Rollback_FieldChangesBetweenCheckAndWrite_ServerTestRefusesAndItIsLeftAlone()
    {
        await using var h = await ExecutionHarness.StartAsync(new ExecutionOptions { RetryBaseDelay = TimeSpan.Zero });
        h.Server.Add(K8sObjects.Deployment("shop", "web", replicas: 3));
        var op = Scale(5);
        var result = await h.ValidateAndExecuteAsync(op);
        h.Server.BeforeNext(r => r is { Verb: "patch", DryRun: false, PatchType: not null } && r.PatchType.StartsWith("application/json-patch", StringComparison.Ordinal),
            () => h.Server.Mutate<V1Deployment>("shop", "web", d => d.Spec.Replicas = 7));

        var rollback = await h.Executor.RollbackAsync(op, result);

        Assert.Equal(RollbackStatus.LeftAlone, rollback.Status);
        Assert.Equal(7, h.Server.Get<V1Deployment>("shop", "web").Spec.Replicas);
    }

    [Fact]
    public async Task Rollback_CalledTwice_SecondFindsMarkerAndSendsNothing()
    {
        await using var h = await ExecutionHarness.StartAsync();
        h.Server.Add(K8sObjects.Deployment("shop", "web", replicas: 3));
        var op = Scale(5);
        var result = await h.ValidateAndExecuteAsync(op);
        await h.Executor.RollbackAsync(op, result);
        var writes = h.Server.Writes.Count(r => r.Resource == "deployments");

        var again = await h.Executor.RollbackAsync(op, result);

        // Nothing is sent to the Deployment again; its Event is recorded again under the same name, so there is still one.
        Assert.Equal(RollbackStatus.AlreadyRolledBack, again.Status);
        Assert.Equal(writes, h.Server.Writes.Count(r => r.Resource == "deployments"));
        Assert.Single(h.Server.List<Corev1Event>("shop"), e => e.Reason == "KubeWiseRolledBack");
    }

    [Fact]
    public async Task Rollback_OfRetriedExecutionThatFoundItsMarker_RestoresTheValidatedValue()
    {
        await using var h = await ExecutionHarness.StartAsync();
        h.Server.Add(K8sObjects.Deployment("shop", "web", replicas: 3));
        var op = Scale(5);
        var validated = await h.Executor.CaptureAsync(op);
        var request = new ExecutionRequest("a-1", "alice", validated);
        await h.Executor.ExecuteAsync(op, request);

        // The activity is retried after its first result was lost: it gets already_applied, still roll-backable.
        var retried = await h.Executor.ExecuteAsync(op, request);
        var rollback = await h.Executor.RollbackAsync(op, retried);

        Assert.Equal(ExecutionStatus.AlreadyApplied, retried.Status);
        Assert.Equal(("3", "5"), (retried.Before.Single().Json, retried.After.Single().Json));
        Assert.Equal(RollbackStatus.RolledBack, rollback.Status);
        Assert.Equal(3, h.Server.Get<V1Deployment>("shop", "web").Spec.Replicas);
    }

    [Fact]
    public async Task Rollback_OfRefusedExecution_HasNothingToRollBack()
    {
        await using var h = await ExecutionHarness.StartAsync();
        h.Server.Add(K8sObjects.Deployment("shop", "web", replicas: 3));
        var op = Scale(5);
        var validated = await h.Executor.CaptureAsync(op);
        h.Server.Mutate<V1Deployment>("shop", "web", d => d.Spec.Replicas = 4);
        var refused = await h.Executor.ExecuteAsync(op, new ExecutionRequest("a-1", "alice", validated));

        var rollback = await h.Executor.RollbackAsync(op, refused);

        Assert.Equal(ExecutionStatus.Refused, refused.Status);
        Assert.Equal(RollbackStatus.NothingToRollBack, rollback.Status);
        Assert.Equal(4, h.Server.Get<V1Deployment>("shop", "web").Spec.Replicas);
    }

    [Fact]
    public async Task Rollback_DeletedPod_IsNotReversible()
    {
        await using var h = await ExecutionHarness.StartAsync();
        h.Server.Add(K8sObjects.Pod("shop", "web-1", "node-a"));
        var op = new DeletePodOperation(new DeletePodCommand("web-1", "shop"));
        var result = await h.ValidateAndExecuteAsync(op);

        var rollback = await h.Executor.RollbackAsync(op, result);

        Assert.Equal(RollbackStatus.NotReversible, rollback.Status);
        Assert.Contains("not reversible", rollback.Message, StringComparison.Ordinal);
    }
}
