using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeWise.Core.Kubernetes;
using KubeWise.Testing.Kubernetes;

namespace KubeWise.Core.Tests.Kubernetes;

/// <summary>The fake must behave like the API server, or the executor tests prove nothing.</summary>
public class FakeKubernetesApiServerTests
{
    private static async Task<KubernetesApiException> Fails(Func<Task> call)
    {
        var e = await Assert.ThrowsAsync<HttpOperationException>(call);
        return KubernetesApiException.From(e);
    }

    [Fact]
    public async Task Writes_BumpResourceVersion_GenerationOnlyOnSpec_UidStable()
    {
        await using var server = await FakeKubernetesApiServer.StartAsync();
        using var client = server.CreateClient();
        var created = await client.AppsV1.CreateNamespacedDeploymentAsync(K8sObjects.Deployment("shop", "web"), "shop");

        var annotated = await client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("{\"metadata\":{\"annotations\":{\"x\":\"y\"}}}", V1Patch.PatchType.MergePatch), "web", "shop");
        var status = server.UpdateStatus<V1Deployment>("shop", "web", d => d.Status.ReadyReplicas = 0);
        var scaled = await client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("{\"spec\":{\"replicas\":4}}", V1Patch.PatchType.MergePatch), "web", "shop");

        Assert.Equal(1, created.Metadata.Generation);
        Assert.Equal(1, annotated.Metadata.Generation);
        Assert.Equal(1, status.Metadata.Generation);
        Assert.Equal(2, scaled.Metadata.Generation);
        var versions = new[] { created, annotated, status, scaled }.Select(d => long.Parse(d.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(versions.Order(), versions);
        Assert.Equal(4, versions.Distinct().Count());
        Assert.All(new[] { annotated, status, scaled }, d => Assert.Equal(created.Metadata.Uid, d.Metadata.Uid));
        Assert.Equal(0, scaled.Status.ReadyReplicas);
    }

    [Fact]
    public async Task MainResourceWrite_CannotChangeStatus()
    {
        await using var server = await FakeKubernetesApiServer.StartAsync();
        using var client = server.CreateClient();
        server.Add(K8sObjects.Deployment("shop", "web"));

        var patched = await client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("{\"status\":{\"readyReplicas\":0}}", V1Patch.PatchType.MergePatch), "web", "shop");

        Assert.Equal(3, patched.Status.ReadyReplicas);
    }

    [Fact]
    public async Task DryRunAll_ValidatesButDoesNotPersist()
    {
        await using var server = await FakeKubernetesApiServer.StartAsync();
        using var client = server.CreateClient();
        var seeded = server.Add(K8sObjects.Deployment("shop", "web"));

        var answer = await client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("{\"spec\":{\"replicas\":7}}", V1Patch.PatchType.MergePatch), "web", "shop", dryRun: "All");
        var invalid = await Fails(() => client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("{\"spec\":{\"replicas\":-1}}", V1Patch.PatchType.MergePatch), "web", "shop", dryRun: "All"));

        Assert.Equal(7, answer.Spec.Replicas);
        var live = server.Get<V1Deployment>("shop", "web");
        Assert.Equal((3, seeded.Metadata.ResourceVersion), (live.Spec.Replicas, live.Metadata.ResourceVersion));
        Assert.Equal((422, "Invalid"), (invalid.Code, invalid.Status.Reason));
        Assert.True(server.Requests[0].DryRun);
    }

    [Fact]
    public async Task Errors_AreRealStatusObjects()
    {
        await using var server = await FakeKubernetesApiServer.StartAsync();
        using var client = server.CreateClient();
        var seeded = server.Add(K8sObjects.Deployment("shop", "web"));
        server.UpdateStatus<V1Deployment>("shop", "web", d => d.Status.Replicas = 2);

        var missing = await Fails(() => client.AppsV1.ReadNamespacedDeploymentAsync("nope", "shop"));
        var stale = await Fails(() => client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch($"{{\"metadata\":{{\"resourceVersion\":\"{seeded.Metadata.ResourceVersion}\"}},\"spec\":{{\"replicas\":1}}}}", V1Patch.PatchType.MergePatch), "web", "shop"));
        var exists = await Fails(() => client.AppsV1.CreateNamespacedDeploymentAsync(K8sObjects.Deployment("shop", "web"), "shop"));
        var immutable = await Fails(() => client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("{\"spec\":{\"selector\":{\"matchLabels\":{\"app\":\"other\"}}}}", V1Patch.PatchType.MergePatch), "web", "shop"));

        Assert.Equal((404, "NotFound"), (missing.Code, missing.Status.Reason));
        Assert.Equal("deployments.apps \"nope\" not found", missing.Status.Message);
        Assert.Equal((409, "Conflict"), (stale.Code, stale.Status.Reason));
        Assert.Contains("the object has been modified", stale.Status.Message, StringComparison.Ordinal);
        Assert.Equal((409, "AlreadyExists"), (exists.Code, exists.Status.Reason));
        Assert.Equal(422, immutable.Code);
        Assert.Contains("spec.selector: field is immutable", immutable.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InjectedFaults_AnswerStatusWithRetryAfter_ThenRecover()
    {
        await using var server = await FakeKubernetesApiServer.StartAsync();
        using var client = server.CreateClient();
        server.Add(K8sObjects.Node("node-a"));
        server.FailNext(1, r => r.Resource == "nodes", 429, retryAfterSeconds: 3);
        server.FailNext(1, r => r.Resource == "nodes", 500);

        var throttled = await Fails(() => client.CoreV1.ReadNodeAsync("node-a"));
        var broken = await Fails(() => client.CoreV1.ReadNodeAsync("node-a"));
        var node = await client.CoreV1.ReadNodeAsync("node-a");

        Assert.Equal((429, TimeSpan.FromSeconds(3)), (throttled.Code, throttled.RetryAfter));
        Assert.Equal((500, "InternalError"), (broken.Code, broken.Status.Reason));
        Assert.Equal("node-a", node.Metadata.Name);
        Assert.Equal([429, 500, 200], server.Requests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task Eviction_RefusedWith429WhilePdbForbids_ThenAllowedAndBudgetSpent()
    {
        await using var server = await FakeKubernetesApiServer.StartAsync();
        using var client = server.CreateClient();
        var labels = new Dictionary<string, string> { ["app"] = "web" };
        server.Add(K8sObjects.Pod("shop", "web-1", "node-a", labels: labels));
        server.Add(K8sObjects.Pdb("shop", "web", labels, disruptionsAllowed: 0));
        var eviction = new V1Eviction { Metadata = new V1ObjectMeta { Name = "web-1", NamespaceProperty = "shop" } };

        var refused = await Fails(() => client.CoreV1.CreateNamespacedPodEvictionAsync(eviction, "web-1", "shop"));
        server.UpdateStatus<V1PodDisruptionBudget>("shop", "web", p => p.Status.DisruptionsAllowed = 1);
        await client.CoreV1.CreateNamespacedPodEvictionAsync(eviction, "web-1", "shop");

        Assert.Equal((429, "TooManyRequests"), (refused.Code, refused.Status.Reason));
        Assert.Contains("disruption budget", refused.Status.Message, StringComparison.Ordinal);
        Assert.Null(server.Find<V1Pod>("shop", "web-1"));
        Assert.Equal(0, server.Get<V1PodDisruptionBudget>("shop", "web").Status.DisruptionsAllowed);
        var recorded = server.Requests.Last();
        Assert.Equal(("create", "", "pods", "eviction", "shop", "web-1"), (recorded.Verb, recorded.Group, recorded.Resource, recorded.Subresource, recorded.Namespace, recorded.Name));
    }

    [Fact]
    public async Task StrategicMerge_MergesContainersByName_JsonPatchTestFailureIs422()
    {
        await using var server = await FakeKubernetesApiServer.StartAsync();
        using var client = server.CreateClient();
        server.Add(K8sObjects.Deployment("shop", "web"));

        var merged = await client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(
            "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"sidecar\",\"image\":\"envoy:1.31\"}]}}}}",
            V1Patch.PatchType.StrategicMergePatch), "web", "shop");
        var failedTest = await Fails(() => client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(
            "[{\"op\":\"test\",\"path\":\"/spec/replicas\",\"value\":99},{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":1}]",
            V1Patch.PatchType.JsonPatch), "web", "shop"));

        Assert.Equal(["nginx:1.27", "envoy:1.31"], merged.Spec.Template.Spec.Containers.Select(c => c.Image));
        Assert.Equal(422, failedTest.Code);
        Assert.Equal(3, server.Get<V1Deployment>("shop", "web").Spec.Replicas);
    }

    [Fact]
    public async Task Lists_HonourLabelAndFieldSelectors()
    {
        await using var server = await FakeKubernetesApiServer.StartAsync();
        using var client = server.CreateClient();
        server.Add(K8sObjects.Pod("shop", "a", "node-a", labels: new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" }));
        server.Add(K8sObjects.Pod("shop", "b", "node-b", labels: new Dictionary<string, string> { ["app"] = "web" }));
        server.Add(K8sObjects.Pod("ops", "c", "node-a", labels: new Dictionary<string, string> { ["app"] = "db" }));

        var byLabel = await client.CoreV1.ListNamespacedPodAsync("shop", labelSelector: "app=web,tier in (front)");
        var byNode = await client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: "spec.nodeName=node-a");

        Assert.Equal(["a"], byLabel.Items.Select(p => p.Metadata.Name));
        Assert.Equal(["c", "a"], byNode.Items.Select(p => p.Metadata.Name));
    }
}
