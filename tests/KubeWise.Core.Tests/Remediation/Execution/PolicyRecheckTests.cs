using k8s.Models;
using KubeWise.Core.Remediation.Catalog;
using KubeWise.Core.Remediation.Execution;
using KubeWise.Core.Remediation.Policy;
using KubeWise.Testing.Kubernetes;

namespace KubeWise.Core.Tests.Remediation.Execution;

/// <summary>"Policy and limits still allow it", judged again on the live cluster right before the write.</summary>
public class PolicyRecheckTests
{
    private static readonly ObjectReference Entity = new("Pod", "shop", "web-6d4f-x2v9q");

    private static async Task<(ExecutionRequest Request, RemediationCommand Command)> ApproveAsync(ExecutionHarness h, RemediationCommand command)
    {
        var validated = await h.Executor.CaptureAsync(command);
        return (new ExecutionRequest("a-1", "alice", validated) { AnomalousEntity = Entity }, command);
    }

    [Fact]
    public async Task Recheck_StillAllowed_Applies()
    {
        await using var h = await ExecutionHarness.StartWithPolicyAsync();
        K8sFixtures.DeploymentWithPod(h.Server);
        var (request, command) = await ApproveAsync(h, new RestartDeploymentCommand("web", "shop"));

        var result = await h.Executor.ExecuteAsync(command, request);

        Assert.Equal(ExecutionStatus.Applied, result.Status);
    }

    [Fact]
    public async Task Recheck_NamespaceOptedOutAfterApproval_Refused()
    {
        await using var h = await ExecutionHarness.StartWithPolicyAsync();
        K8sFixtures.DeploymentWithPod(h.Server);
        var (request, command) = await ApproveAsync(h, new RestartDeploymentCommand("web", "shop"));
        h.Server.Mutate<V1Namespace>(null, "shop", n => n.Metadata.Annotations = new Dictionary<string, string> { ["kubewise.io/remediation"] = "disabled" });

        var result = await h.Executor.ExecuteAsync(command, request);

        Assert.Equal(ExecutionStatus.Refused, result.Status);
        Assert.Contains("namespace shop is annotated kubewise.io/remediation: disabled", result.Message, StringComparison.Ordinal);
        Assert.Empty(h.Server.Writes);
    }

    [Fact]
    public async Task Recheck_HpaAppearedAfterApproval_ScaleRefused()
    {
        await using var h = await ExecutionHarness.StartWithPolicyAsync();
        K8sFixtures.DeploymentWithPod(h.Server);
        var (request, command) = await ApproveAsync(h, new ScaleDeploymentCommand("web", "shop", 4));
        h.Server.Add(K8sFixtures.Hpa("shop", "web", "Deployment", "web", 2, 10));

        var result = await h.Executor.ExecuteAsync(command, request);

        Assert.Equal(ExecutionStatus.Refused, result.Status);
        Assert.Contains("The policy no longer allows scale_deployment name=web ns=shop replicas=4", result.Message, StringComparison.Ordinal);
        Assert.Contains("[hpa]", result.Message, StringComparison.Ordinal);
        Assert.Equal(3, h.Server.Get<V1Deployment>("shop", "web").Spec.Replicas);
    }

    [Fact]
    public async Task Recheck_StormLimitReachedByOtherRemediations_Refused()
    {
        await using var h = await ExecutionHarness.StartWithPolicyAsync(o => o.MaxRemediationsPerWindow = 2);
        K8sFixtures.DeploymentWithPod(h.Server);
        var (request, command) = await ApproveAsync(h, new RestartDeploymentCommand("web", "shop"));
        var now = h.Time.GetUtcNow();
        var recent = new[]
        {
            new RecentAction(now.AddMinutes(-2), new ObjectReference("Deployment", "pay", "api"), "restart_deployment"),
            new RecentAction(now.AddMinutes(-1), new ObjectReference("Deployment", "pay", "db"), "restart_deployment"),
        };

        var result = await h.Executor.ExecuteAsync(command, request with { RecentActions = recent });

        Assert.Equal(ExecutionStatus.Refused, result.Status);
        Assert.Contains("[storm]", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recheck_AnomalousEntityUnknown_RefusedRatherThanGuessed()
    {
        await using var h = await ExecutionHarness.StartWithPolicyAsync();
        K8sFixtures.DeploymentWithPod(h.Server);
        var command = new RestartDeploymentCommand("web", "shop");
        var validated = await h.Executor.CaptureAsync(command);

        var result = await h.Executor.ExecuteAsync(command, new ExecutionRequest("a-1", "alice", validated));

        Assert.Equal(ExecutionStatus.Refused, result.Status);
        Assert.Contains("anomalous entity of a-1 is not known", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Facts_ReadFromCluster_OwnerChainNodeHpaPdbAndCordonedNodes()
    {
        await using var h = await ExecutionHarness.StartWithPolicyAsync();
        K8sFixtures.DeploymentWithPod(h.Server);
        h.Server.Add(K8sObjects.Node("worker-1"));
        var cordoned = K8sObjects.Node("worker-2");
        cordoned.Spec.Unschedulable = true;
        h.Server.Add(cordoned);
        h.Server.Add(K8sFixtures.Hpa("shop", "web-hpa", "Deployment", "web", 2, 8));
        h.Server.Add(K8sObjects.Pdb("shop", "web", new Dictionary<string, string> { ["app"] = "web" }, 1));
        h.Server.Add(K8sObjects.Pdb("shop", "other", new Dictionary<string, string> { ["app"] = "other" }, 0));

        var facts = await h.Facts.ReadAsync(new ScaleDeploymentCommand("web", "shop", 5), Entity, []);

        Assert.Equal(["ReplicaSet/shop/web-6d4f", "Deployment/shop/web"], facts.OwnerChain.Select(o => o.Reference.Key));
        Assert.Equal("worker-1", facts.EntityNode);
        Assert.Equal(3, facts.Target!.Replicas);
        Assert.False(facts.Target.RolloutInProgress);
        Assert.Equal(("app", "100m"), (facts.Target.Containers[0].Name, facts.Target.Containers[0].Requests["cpu"]));
        Assert.Equal(new HpaFacts("web-hpa", 2, 8), facts.Hpa);
        Assert.Equal([new PdbFacts("web", 1)], facts.DisruptionBudgets);
        Assert.Equal(new ClusterFacts(2, ["worker-2"]).CordonedNodes, facts.Cluster.CordonedNodes);
        Assert.Equal(2, facts.Cluster.NodeCount);
        Assert.Equal(["shop"], facts.Namespaces.Select(n => n.Name));
    }

    [Fact]
    public async Task Facts_DeploymentRollingOut_IsReportedAsRollout()
    {
        await using var h = await ExecutionHarness.StartWithPolicyAsync();
        K8sFixtures.DeploymentWithPod(h.Server);
        h.Server.Mutate<V1Deployment>("shop", "web", d => d.Spec.Template.Spec.Containers[0].Image = "nginx:1.28");

        var facts = await h.Facts.ReadAsync(new RestartDeploymentCommand("web", "shop"), Entity, []);

        Assert.True(facts.Target!.RolloutInProgress);
    }
}
