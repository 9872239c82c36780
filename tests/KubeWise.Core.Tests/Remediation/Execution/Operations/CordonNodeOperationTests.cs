using k8s.Models;
using KubeWise.Core.Remediation.Catalog;
using KubeWise.Core.Remediation.Execution;
using KubeWise.Core.Remediation.Execution.Operations;
using KubeWise.Testing.Kubernetes;

namespace KubeWise.Core.Tests.Remediation.Execution.Operations;

public class CordonNodeOperationTests
{
    [Fact]
    public async Task Cordon_SetsUnschedulableAndEventGoesToDefaultNamespace()
    {
        await using var h = await ExecutionHarness.StartAsync();
        var node = h.Server.Add(K8sObjects.Node("node-a"));

        var result = await h.ValidateAndExecuteAsync(new CordonNodeOperation(new CordonNodeCommand("node-a")));

        Assert.Equal(ExecutionStatus.Applied, result.Status);
        Assert.True(h.Server.Get<V1Node>(null, "node-a").Spec.Unschedulable);
        Assert.Null(Assert.Single(result.Before).Json);
        Assert.Equal("true", Assert.Single(result.After).Json);
        var e = Assert.Single(h.Server.List<Corev1Event>("default"));
        Assert.Equal(("Node", node.Metadata.Uid), (e.InvolvedObject.Kind, e.InvolvedObject.Uid));
    }

    [Fact]
    public async Task Uncordon_ClearsUnschedulable_AndRollbackCordonsAgain()
    {
        await using var h = await ExecutionHarness.StartAsync();
        var node = K8sObjects.Node("node-a");
        node.Spec.Unschedulable = true;
        h.Server.Add(node);
        var op = new CordonNodeOperation(new UncordonNodeCommand("node-a"));

        var result = await h.ValidateAndExecuteAsync(op);

        Assert.Equal(ExecutionStatus.Applied, result.Status);
        Assert.NotEqual(true, h.Server.Get<V1Node>(null, "node-a").Spec.Unschedulable);

        var rollback = await h.Executor.RollbackAsync(op, result);
        Assert.Equal(RollbackStatus.RolledBack, rollback.Status);
        Assert.True(h.Server.Get<V1Node>(null, "node-a").Spec.Unschedulable);
    }

    [Fact]
    public async Task Cordon_RollbackAfterSomeoneUncordoned_LeavesNodeAloneAndSaysWhy()
    {
        await using var h = await ExecutionHarness.StartAsync();
        h.Server.Add(K8sObjects.Node("node-a"));
        var op = new CordonNodeOperation(new CordonNodeCommand("node-a"));
        var result = await h.ValidateAndExecuteAsync(op);
        h.Server.Mutate<V1Node>(null, "node-a", n => n.Spec.Unschedulable = false);
        var writes = h.Server.Writes.Count;

        var rollback = await h.Executor.RollbackAsync(op, result);

        Assert.Equal(RollbackStatus.LeftAlone, rollback.Status);
        Assert.Contains("spec.unschedulable is false, KubeWise wrote true", Assert.Single(rollback.Mismatches), StringComparison.Ordinal);
        Assert.Equal(writes, h.Server.Writes.Count);
        Assert.False(h.Server.Get<V1Node>(null, "node-a").Spec.Unschedulable);
    }
}
