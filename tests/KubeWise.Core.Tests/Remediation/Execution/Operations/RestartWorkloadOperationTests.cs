using k8s.Models;
using KubeWise.Core.Remediation.Catalog;
using KubeWise.Core.Remediation.Execution;
using KubeWise.Core.Remediation.Execution.Operations;
using KubeWise.Testing.Kubernetes;

namespace KubeWise.Core.Tests.Remediation.Execution.Operations;

public class RestartWorkloadOperationTests
{
    [Fact]
    public async Task Restart_Deployment_SetsRestartedAtFromClockWithMarkerAndEvent()
    {
        await using var h = await ExecutionHarness.StartAsync();
        var before = h.Server.Add(K8sObjects.Deployment("shop", "web"));
        var op = new RestartWorkloadOperation(new RestartDeploymentCommand("web", "shop"));

        var result = await h.ValidateAndExecuteAsync(op, "anomaly-7", "alice");

        Assert.Equal(ExecutionStatus.Applied, result.Status);
        var after = h.Server.Get<V1Deployment>("shop", "web");
        Assert.Equal("2026-03-14T09:26:53Z", after.Spec.Template.Metadata.Annotations[KubeWiseAnnotations.RestartedAt]);
        Assert.Equal($"anomaly-7/{op.CommandHash}", after.Metadata.Annotations[KubeWiseAnnotations.Applied]);
        Assert.Equal(before.Metadata.Generation + 1, after.Metadata.Generation);
        Assert.Equal(before.Metadata.Uid, after.Metadata.Uid);
        Assert.False(result.Reversible);
        Assert.True(result.DryRun!.Passed);

        var patches = h.Server.Writes.Where(r => r is { Verb: "patch", Resource: "deployments" }).ToList();
        Assert.Equal(2, patches.Count);
        Assert.True(patches[0].DryRun);
        Assert.False(patches[1].DryRun);
        Assert.StartsWith("application/strategic-merge-patch+json", patches[1].PatchType);

        var e = Assert.Single(h.Server.List<Corev1Event>("shop"));
        Assert.Equal("KubeWiseRemediated", e.Reason);
        Assert.Equal("Deployment", e.InvolvedObject.Kind);
        Assert.Equal(before.Metadata.Uid, e.InvolvedObject.Uid);
        Assert.Contains("anomaly-7", e.Message, StringComparison.Ordinal);
        Assert.Contains("approved by alice", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("StatefulSet")]
    [InlineData("DaemonSet")]
    public async Task Restart_StatefulSetAndDaemonSet_PatchTheirTemplate(string kind)
    {
        await using var h = await ExecutionHarness.StartAsync();
        if (kind == "StatefulSet")
        {
            h.Server.Add(K8sObjects.StatefulSet("data", "pg"));
        }
        else
        {
            h.Server.Add(K8sObjects.DaemonSet("data", "pg"));
        }

        var op = kind == "StatefulSet"
            ? new RestartWorkloadOperation(new RestartStatefulSetCommand("pg", "data"))
            : new RestartWorkloadOperation(new RestartDaemonSetCommand("pg", "data"));
        var result = await h.ValidateAndExecuteAsync(op);

        Assert.Equal(ExecutionStatus.Applied, result.Status);
        var template = kind == "StatefulSet"
            ? h.Server.Get<V1StatefulSet>("data", "pg").Spec.Template
            : h.Server.Get<V1DaemonSet>("data", "pg").Spec.Template;
        Assert.Equal("2026-03-14T09:26:53Z", template.Metadata.Annotations[KubeWiseAnnotations.RestartedAt]);
        Assert.Contains(h.Server.Writes, r => r.Verb == "patch" && r.Resource == kind.ToLowerInvariant() + "s" && !r.DryRun);
    }

    [Fact]
    public async Task Restart_Rollback_IsNotReversibleAndSendsNothing()
    {
        await using var h = await ExecutionHarness.StartAsync();
        h.Server.Add(K8sObjects.Deployment("shop", "web"));
        var op = new RestartWorkloadOperation(new RestartDeploymentCommand("web", "shop"));
        var result = await h.ValidateAndExecuteAsync(op);
        var writes = h.Server.Writes.Count;

        var rollback = await h.Executor.RollbackAsync(op, result);

        Assert.Equal(RollbackStatus.NotReversible, rollback.Status);
        Assert.Equal(writes, h.Server.Writes.Count);
    }
}
