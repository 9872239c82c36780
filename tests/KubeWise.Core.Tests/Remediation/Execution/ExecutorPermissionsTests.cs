using KubeWise.Core.Remediation.Catalog;
using KubeWise.Core.Remediation.Execution;
using KubeWise.Testing.Kubernetes;

namespace KubeWise.Core.Tests.Remediation.Execution;

public class ExecutorPermissionsTests
{
    [Fact]
    public async Task EveryOperationRollbackAndFactRead_UsesExactlyTheDeclaredPermissions()
    {
        await using var h = await ExecutionHarness.StartAsync();
        var (deployment, _) = K8sFixtures.DeploymentWithPod(h.Server, node: "worker-1");
        h.Server.Add(K8sObjects.ReplicaSet(deployment, 1, "nginx:1.25", "0a0a"));
        h.Server.Add(K8sObjects.StatefulSet("shop", "db"));
        h.Server.Add(K8sObjects.DaemonSet("shop", "agent"));
        h.Server.Add(K8sObjects.Node("worker-1"));
        h.Server.Add(K8sObjects.Node("worker-2"));
        h.Server.Add(K8sObjects.Pod("shop", "lonely", "worker-2", K8sObjects.Owner("apps/v1", "ReplicaSet", "x", null)));
        h.Server.Add(K8sObjects.Pdb("shop", "web", new Dictionary<string, string> { ["app"] = "web" }, 5));
        h.Server.Add(K8sFixtures.Hpa("shop", "db", "StatefulSet", "db", 1, 5));
        RemediationCommand[] commands =
        [
            new RestartDeploymentCommand("web", "shop"),
            new RestartStatefulSetCommand("db", "shop"),
            new RestartDaemonSetCommand("agent", "shop"),
            new ScaleDeploymentCommand("web", "shop", 4),
            new ScaleStatefulSetCommand("db", "shop", 2),
            new RemediationCatalog().Parse("set_resources name=web ns=shop container=app cpu_limit=1").Command!,
            new RollbackDeploymentCommand("web", "shop"),
            new CordonNodeCommand("worker-1"),
            new UncordonNodeCommand("worker-1"),
            new DrainNodeCommand("worker-2"),
            new DeletePodCommand("web-6d4f-x2v9q", "shop"),
        ];

        await h.Facts.ReadAsync(new ScaleStatefulSetCommand("db", "shop", 3), new ObjectReference("StatefulSet", "shop", "db"), []);
        await h.Facts.ReadAsync(new RestartDeploymentCommand("web", "shop"), new ObjectReference("Pod", "shop", "web-6d4f-x2v9q"), []);
        foreach (var command in commands)
        {
            var result = await h.ValidateAndExecuteAsync(RemediationOperations.For(command), "perm");
            Assert.True(result.Status == ExecutionStatus.Applied, $"{command}: {result.Status} {result.Message}");
            if (command.Reversible)
            {
                await h.Executor.RollbackAsync(command, result);
            }
        }

        var used = h.Server.Requests
            .Select(r => (r.Group, Resource: r.Subresource is null ? r.Resource : $"{r.Resource}/{r.Subresource}", r.Verb))
            .ToHashSet();
        var declared = ExecutorPermissions.All.SelectMany(p => p.Verbs.Select(v => (p.Group, p.Resource, Verb: v))).ToHashSet();
        Assert.Empty(used.Except(declared));
        Assert.Empty(declared.Except(used));
    }
}
