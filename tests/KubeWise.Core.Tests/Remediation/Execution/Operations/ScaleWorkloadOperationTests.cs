using k8s.Models;
using KubeWise.Core.Remediation.Catalog;
using KubeWise.Core.Remediation.Execution;
using KubeWise.Core.Remediation.Execution.Operations;
using KubeWise.Testing.Kubernetes;

namespace KubeWise.Core.Tests.Remediation.Execution.Operations;

public class ScaleWorkloadOperationTests
{
    private static ScaleWorkloadOperation Scale(int replicas, string kind = "Deployment") => kind == "Deployment"
        ? new(new ScaleDeploymentCommand("web", "shop", replicas))
        : new(new ScaleStatefulSetCommand("web", "shop", replicas));

    [Fact]
    public async Task Scale_Deployment_GoesThroughScaleSubresourceAndRecordsBeforeAfter()
    {
        await using var h = await ExecutionHarness.StartAsync();
        h.Server.Add(K8sObjects.Deployment("shop", "web", replicas: 3));

        var result = await h.ValidateAndExecuteAsync(Scale(5));

        Assert.Equal(ExecutionStatus.Applied, result.Status);
        Assert.Equal(5, h.Server.Get<V1Deployment>("shop", "web").Spec.Replicas);
        Assert.Equal("3", Assert.Single(result.Before).Json);
        Assert.Equal("5", Assert.Single(result.After).Json);
        var scaleWrites = h.Server.Writes.Where(r => r.Subresource == "scale").ToList();
        Assert.Equal([true, false], scaleWrites.Select(r => r.DryRun));
        Assert.All(scaleWrites, r => Assert.Equal("update", r.Verb));
        // Nothing but the marker goes through the main resource: replicas only through the subresource.
        Assert.DoesNotContain(h.Server.Writes, r => r.Resource == "deployments" && r.Subresource is null && r.Body!.Contains("replicas", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Scale_StatefulSet_UsesItsScaleSubresource()
    {
        await using var h = await ExecutionHarness.StartAsync();
        h.Server.Add(K8sObjects.StatefulSet("shop", "web", replicas: 2));

        var result = await h.ValidateAndExecuteAsync(Scale(3, "StatefulSet"));

        Assert.Equal(ExecutionStatus.Applied, result.Status);
        Assert.Equal(3, h.Server.Get<V1StatefulSet>("shop", "web").Spec.Replicas);
        Assert.Contains(h.Server.Writes, r => r is { Resource: "statefulsets", Subresource: "scale", DryRun: false });
    }

    [Fact]
    public async Task Scale_Rollback_RestoresReplicasWrittenByKubeWise()
    {
        await using var h = await ExecutionHarness.StartAsync();
        h.Server.Add(K8sObjects.Deployment("shop", "web", replicas: 3));
        var op = Scale(6);
        var result = await h.ValidateAndExecuteAsync(op);

        var rollback = await h.Executor.RollbackAsync(op, result);

        Assert.Equal(RollbackStatus.RolledBack, rollback.Status);
        var live = h.Server.Get<V1Deployment>("shop", "web");
        Assert.Equal(3, live.Spec.Replicas);
        Assert.Equal(live.Metadata.Annotations[KubeWiseAnnotations.Applied], live.Metadata.Annotations[KubeWiseAnnotations.RolledBack]);
        Assert.Contains(h.Server.List<Corev1Event>("shop"), e => e.Reason == "KubeWiseRolledBack");
    }

    [Fact]
    public async Task Scale_RetriedAfterMarkerButBeforeScale_ScalesOnceAndReportsApplied()
    {
        await using var h = await ExecutionHarness.StartAsync(new ExecutionOptions { RetryBaseDelay = TimeSpan.Zero });
        h.Server.Add(K8sObjects.Deployment("shop", "web", replicas: 3));
        // The first real scale write fails with a 500 before reaching the store.
        h.Server.FailNext(1, r => r is { Subresource: "scale", Verb: "update", DryRun: false }, 500);

        var result = await h.ValidateAndExecuteAsync(Scale(4));

        Assert.Equal(ExecutionStatus.Applied, result.Status);
        Assert.Equal(4, h.Server.Get<V1Deployment>("shop", "web").Spec.Replicas);
        Assert.Equal("3", Assert.Single(result.Before).Json);
        // One marker write, and the scale succeeded once: the retry found the marker and only finished the scale.
        Assert.Single(h.Server.Writes, r => r is { Resource: "deployments", Subresource: null, Verb: "patch", DryRun: false });
        Assert.Single(h.Server.Writes, r => r is { Subresource: "scale", DryRun: false, StatusCode: 200 });
    }
}
