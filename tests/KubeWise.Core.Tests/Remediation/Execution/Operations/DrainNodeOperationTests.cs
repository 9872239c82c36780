using k8s.Models;
using KubeWise.Core.Remediation.Catalog;
using KubeWise.Core.Remediation.Execution;
using KubeWise.Core.Remediation.Execution.Operations;
using KubeWise.Testing.Kubernetes;

namespace KubeWise.Core.Tests.Remediation.Execution.Operations;

public class DrainNodeOperationTests
{
    private static DrainNodeOperation Drain(TimeSpan? timeout = null) => new(new DrainNodeCommand("node-a"), timeout);

    private static int PodListings(ExecutionHarness h) => h.Server.Requests.Count(r => r is { Verb: "list", Resource: "pods" });

    private static void SeedNode(ExecutionHarness h)
    {
        h.Server.Add(K8sObjects.Node("node-a"));
        var rs = K8sObjects.Owner("apps/v1", "ReplicaSet", "web-5d9", null);
        var labels = new Dictionary<string, string> { ["app"] = "web" };
        h.Server.Add(K8sObjects.Pod("shop", "web-1", "node-a", rs, labels));
        h.Server.Add(K8sObjects.Pod("shop", "web-2", "node-a", rs, labels));
        h.Server.Add(K8sObjects.Pod("kube-system", "fluent-bit-x", "node-a", K8sObjects.Owner("apps/v1", "DaemonSet", "fluent-bit", null)));
        var mirror = K8sObjects.Pod("kube-system", "etcd-node-a", "node-a");
        mirror.Metadata.Annotations = new Dictionary<string, string> { ["kubernetes.io/config.mirror"] = "abc" };
        h.Server.Add(mirror);
        h.Server.Add(K8sObjects.Pod("shop", "elsewhere", "node-b", rs, labels));
    }

    [Fact]
    public async Task Drain_CordonsThenEvictsSkippingDaemonSetAndMirrorPods()
    {
        await using var h = await ExecutionHarness.StartAsync();
        SeedNode(h);

        var result = await h.ValidateAndExecuteAsync(Drain());

        Assert.Equal(ExecutionStatus.Applied, result.Status);
        Assert.True(h.Server.Get<V1Node>(null, "node-a").Spec.Unschedulable);
        Assert.Equal(["etcd-node-a", "fluent-bit-x"], h.Server.List<V1Pod>("kube-system").Select(p => p.Metadata.Name).Order());
        Assert.Equal(["elsewhere"], h.Server.List<V1Pod>("shop").Select(p => p.Metadata.Name));
        var evictions = h.Server.Writes.Where(r => r is { Subresource: "eviction", DryRun: false }).Select(r => r.Name).Order();
        Assert.Equal(["web-1", "web-2"], evictions);
        Assert.DoesNotContain(h.Server.Writes, r => r.Verb == "delete");
        Assert.Contains(result.Notes, n => n.Contains("skipped DaemonSet-managed pods: kube-system/fluent-bit-x", StringComparison.Ordinal));
        Assert.Contains(result.Notes, n => n.Contains("skipped mirror pods: kube-system/etcd-node-a", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Drain_BlockedByPdb_WaitsThenCompletesWhenBudgetAllows()
    {
        await using var h = await ExecutionHarness.StartAsync(new ExecutionOptions { EvictionRetryInterval = TimeSpan.FromSeconds(5) });
        SeedNode(h);
        h.Server.Add(K8sObjects.Pdb("shop", "web-pdb", new Dictionary<string, string> { ["app"] = "web" }, disruptionsAllowed: 0));

        var drain = h.WithClockRunningAsync(() => h.ValidateAndExecuteAsync(Drain(TimeSpan.FromMinutes(10))), TimeSpan.FromSeconds(1));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!h.Server.Requests.Any(r => r is { Subresource: "eviction", DryRun: false, StatusCode: 429 }) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.False(drain.IsCompleted);
        Assert.NotNull(h.Server.Find<V1Pod>("shop", "web-1"));
        h.Server.UpdateStatus<V1PodDisruptionBudget>("shop", "web-pdb", p => p.Status.DisruptionsAllowed = 2);
        var result = await drain;

        Assert.Equal(ExecutionStatus.Applied, result.Status);
        Assert.DoesNotContain(h.Server.List<V1Pod>("shop"), p => p.Spec.NodeName == "node-a");
        Assert.Contains(h.Server.Requests, r => r is { Subresource: "eviction", StatusCode: 429 });
        Assert.Contains(result.Notes, n => n.StartsWith("waited", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Drain_EvictedPodsStillTerminating_WaitsUntilTheyAreGoneWithoutEvictingAgain()
    {
        await using var h = await ExecutionHarness.StartAsync();
        SeedNode(h);
        h.Server.GracefulPodDeletion = true;

        var drain = h.WithClockRunningAsync(() => h.ValidateAndExecuteAsync(Drain(TimeSpan.FromMinutes(10))), TimeSpan.FromSeconds(1));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (h.Server.List<V1Pod>("shop").Count(p => p.Metadata.DeletionTimestamp is not null) < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        // The drain looked at the node twice more and saw its pods still terminating: finishing, or evicting again,
        // would have happened by now.
        var listings = PodListings(h);
        while (PodListings(h) < listings + 2 && !drain.IsCompleted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.False(drain.IsCompleted);
        Assert.True(PodListings(h) >= listings + 2, $"the drain listed the node's pods {PodListings(h) - listings} more time(s)");
        Assert.Equal(2, h.Server.Requests.Count(r => r is { Subresource: "eviction", DryRun: false }));
        Assert.Equal(2, h.Server.FinishTerminating());
        var result = await drain;

        Assert.Equal(ExecutionStatus.Applied, result.Status);
        Assert.Equal(2, h.Server.Requests.Count(r => r is { Subresource: "eviction", DryRun: false }));
    }

    [Fact]
    public async Task Drain_PdbNeverAllows_TimesOutWithNodeCordonedAndPodsNamed()
    {
        await using var h = await ExecutionHarness.StartAsync();
        SeedNode(h);
        h.Server.Add(K8sObjects.Pdb("shop", "web-pdb", new Dictionary<string, string> { ["app"] = "web" }, disruptionsAllowed: 0));

        var result = await h.WithClockRunningAsync(() => h.ValidateAndExecuteAsync(Drain(TimeSpan.FromSeconds(30))), TimeSpan.FromSeconds(5));

        Assert.Equal(ExecutionStatus.TimedOut, result.Status);
        Assert.True(h.Server.Get<V1Node>(null, "node-a").Spec.Unschedulable);
        Assert.Contains(result.Notes, n => n.Contains("shop/web-1", StringComparison.Ordinal) && n.Contains("disruption budget", StringComparison.Ordinal));
        Assert.Equal(3, h.Server.List<V1Pod>("shop").Count);
    }

    [Fact]
    public async Task Drain_UnmanagedOrEmptyDirPods_RefusedBeforeCordon()
    {
        await using var h = await ExecutionHarness.StartAsync();
        h.Server.Add(K8sObjects.Node("node-a"));
        h.Server.Add(K8sObjects.Pod("shop", "bare", "node-a"));
        h.Server.Add(K8sObjects.Pod("shop", "cache", "node-a", K8sObjects.Owner("apps/v1", "ReplicaSet", "cache-1", null), emptyDir: true));

        var result = await h.ValidateAndExecuteAsync(Drain());

        Assert.Equal(ExecutionStatus.Refused, result.Status);
        Assert.Contains("without a controller would not come back: shop/bare", result.Message, StringComparison.Ordinal);
        Assert.Contains("emptyDir data would lose it: shop/cache", result.Message, StringComparison.Ordinal);
        Assert.Empty(h.Server.Writes);
    }

    [Fact]
    public async Task Drain_Rollback_UncordonsAndSaysEvictionsStay()
    {
        await using var h = await ExecutionHarness.StartAsync();
        SeedNode(h);
        var op = Drain();
        var result = await h.ValidateAndExecuteAsync(op);

        var rollback = await h.Executor.RollbackAsync(op, result);

        Assert.Equal(RollbackStatus.RolledBack, rollback.Status);
        Assert.NotEqual(true, h.Server.Get<V1Node>(null, "node-a").Spec.Unschedulable);
        Assert.Contains("not brought back", rollback.Message, StringComparison.Ordinal);
    }
}
