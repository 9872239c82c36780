using k8s.Models;
using KubeWise.Core.Remediation.Catalog;
using KubeWise.Core.Remediation.Execution;
using KubeWise.Core.Remediation.Execution.Operations;
using KubeWise.Testing.Kubernetes;

namespace KubeWise.Core.Tests.Remediation.Execution.Operations;

public class RollbackDeploymentOperationTests
{
    private static RollbackDeploymentOperation Undo() => new(new RollbackDeploymentCommand("web", "shop"));

    private static V1Deployment Seed(ExecutionHarness h, string currentImage = "nginx:1.27")
    {
        var deployment = h.Server.Add(K8sObjects.Deployment("shop", "web", image: currentImage, revision: 3));
        h.Server.Add(K8sObjects.ReplicaSet(deployment, 1, "nginx:1.25", "aaa111"));
        h.Server.Add(K8sObjects.ReplicaSet(deployment, 2, "nginx:1.26", "bbb222"));
        h.Server.Add(K8sObjects.ReplicaSet(deployment, 3, currentImage, "ccc333"));
        var foreign = K8sObjects.ReplicaSet(deployment, 2, "evil:1", "zzz999");
        foreign.Metadata.Name = "web-other-owner";
        foreign.Metadata.OwnerReferences[0].Uid = Guid.NewGuid().ToString();
        h.Server.Add(foreign);
        return deployment;
    }

    [Fact]
    public async Task Undo_CopiesPreviousRevisionTemplateWithoutHashLabel()
    {
        await using var h = await ExecutionHarness.StartAsync();
        Seed(h);

        var result = await h.ValidateAndExecuteAsync(Undo());

        Assert.Equal(ExecutionStatus.Applied, result.Status);
        var live = h.Server.Get<V1Deployment>("shop", "web");
        Assert.Equal("nginx:1.26", live.Spec.Template.Spec.Containers[0].Image);
        Assert.False(live.Spec.Template.Metadata.Labels.ContainsKey("pod-template-hash"));
        Assert.Equal("payments", live.Metadata.Annotations["team"]);
        Assert.Equal("3", live.Metadata.Annotations["deployment.kubernetes.io/revision"]);
        Assert.False(live.Metadata.Annotations.ContainsKey("deployment.kubernetes.io/desired-replicas"));
        Assert.True(live.Metadata.Annotations.ContainsKey(KubeWiseAnnotations.Applied));
        var patch = Assert.Single(h.Server.Writes, r => r is { Verb: "patch", DryRun: false, Resource: "deployments" });
        Assert.StartsWith("application/json-patch+json", patch.PatchType);
        Assert.Contains(h.Server.Requests, r => r is { Verb: "list", Resource: "replicasets" });
    }

    [Fact]
    public async Task Undo_PausedDeployment_IsRefusedLikeKubectl()
    {
        await using var h = await ExecutionHarness.StartAsync();
        Seed(h);
        h.Server.Mutate<V1Deployment>("shop", "web", d => d.Spec.Paused = true);

        var result = await h.ValidateAndExecuteAsync(Undo());

        Assert.Equal(ExecutionStatus.Refused, result.Status);
        Assert.Contains("paused", result.Message, StringComparison.Ordinal);
        Assert.Empty(h.Server.Writes);
    }

    [Fact]
    public async Task Undo_WithoutHistory_IsRefused()
    {
        await using var h = await ExecutionHarness.StartAsync();
        var deployment = h.Server.Add(K8sObjects.Deployment("shop", "web", revision: 1));
        h.Server.Add(K8sObjects.ReplicaSet(deployment, 1, "nginx:1.27", "ccc333"));

        var result = await h.ValidateAndExecuteAsync(Undo());

        Assert.Equal(ExecutionStatus.Refused, result.Status);
        Assert.Contains("No rollout history", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Undo_Rollback_RestoresTheTemplateKubeWiseReplaced()
    {
        await using var h = await ExecutionHarness.StartAsync();
        Seed(h);
        var op = Undo();
        var result = await h.ValidateAndExecuteAsync(op);

        var rollback = await h.Executor.RollbackAsync(op, result);

        Assert.Equal(RollbackStatus.RolledBack, rollback.Status);
        Assert.Equal("nginx:1.27", h.Server.Get<V1Deployment>("shop", "web").Spec.Template.Spec.Containers[0].Image);
    }
}
