using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s.Models;
using KubeWise.Deployment.Tests.Support;

namespace KubeWise.Deployment.Tests.Keda;

public partial class KedaTests
{
    private static JsonObject ScaledObject() => Manifests.Keda("keda").Single(o => o["kind"]!.GetValue<string>() == "ScaledObject");

    private static JsonObject TriggerAuthentication() => Manifests.Keda("keda").Single(o => o["kind"]!.GetValue<string>() == "TriggerAuthentication");

    private static JsonArray Triggers() => ScaledObject()["spec"]!["triggers"]!.AsArray();

    [Fact]
    public void EveryKedaObject_ValidatesAgainstKedasOwnCrdSchema()
    {
        var objects = Manifests.Keda("keda");

        Assert.Equal(["ScaledObject", "TriggerAuthentication"], objects.Select(o => o["kind"]!.GetValue<string>()).Order());
        Assert.All(objects, o => Assert.Empty(CrdSchemas.Violations(o)));
    }

    [Theory]
    [InlineData("unknown field", "spec.minReplicas", "1")]
    [InlineData("wrong type", "spec.minReplicaCount", "\"1\"")]
    [InlineData("metadata value must be a string", "spec.triggers.0.metadata.queueLength", "5")]
    [InlineData("enum", "spec.triggers.0.authenticationRef.kind", "\"SecretAuthentication\"")]
    [InlineData("unknown trigger field", "spec.triggers.0.queueName", "\"x\"")]
    public void SchemaCheck_RejectsABrokenScaledObject(string because, string path, string json)
    {
        var broken = ScaledObject();
        Set(broken, path, JsonNode.Parse(json));

        Assert.True(CrdSchemas.Violations(broken).Count > 0, because);
    }

    [Fact]
    public void SchemaCheck_RejectsAScaledObjectWithoutItsRequiredTarget()
    {
        var broken = ScaledObject();
        broken["spec"]!.AsObject().Remove("scaleTargetRef");

        Assert.Contains(CrdSchemas.Violations(broken), v => v.Contains("scaleTargetRef", StringComparison.Ordinal));
    }

    [Fact]
    public void QueueNames_AreTheTaskHubQueuesOfHostJson()
    {
        var expected = HostJson.TaskHubQueues(HostJson.HubName, HostJson.PartitionCount);

        var queues = Triggers().Select(t => t!["metadata"]!["queueName"]!.GetValue<string>()).ToList();

        Assert.Equal(expected.Order(), queues.Order());
    }

    [Fact]
    public void TaskHubQueues_FollowTheBackendsNaming()
    {
        Assert.Equal(
            ["myhub-control-00", "myhub-control-01", "myhub-control-02", "myhub-workitems"],
            HostJson.TaskHubQueues("MyHub", 3));
    }

    [Fact]
    public void Triggers_AreAzureQueuesCountingVisibleMessagesOnly_WithNoTimerScaler()
    {
        Assert.All(Triggers(), t =>
        {
            Assert.Equal("azure-queue", t!["type"]!.GetValue<string>());
            Assert.Equal("visibleonly", t["metadata"]!["queueLengthStrategy"]!.GetValue<string>());
            Assert.Equal(TriggerAuthentication()["metadata"]!["name"]!.GetValue<string>(), t["authenticationRef"]!["name"]!.GetValue<string>());
            Assert.Null(t["metadata"]!["connectionFromEnv"]);
        });
    }

    [Fact]
    public void ScaledObject_TargetsTheWorkersDeployment_WithinSaneBounds()
    {
        var spec = ScaledObject()["spec"]!;
        var workers = Manifests.OfKind<V1Deployment>("k8s").Single(d => d.Metadata.Name == spec["scaleTargetRef"]!["name"]!.GetValue<string>());
        var min = spec["minReplicaCount"]!.GetValue<long>();
        var max = spec["maxReplicaCount"]!.GetValue<long>();

        Assert.Equal("workers", workers.Spec.Template.Metadata.Labels["app.kubernetes.io/component"]);
        Assert.Equal(ScaledObject()["metadata"]!["namespace"]!.GetValue<string>(), workers.Metadata.NamespaceProperty);
        Assert.InRange(min, 0, max);
        Assert.True(max >= 1);
    }

    [Fact]
    public void TriggerAuthentication_ReadsTheStorageConnectionTheHostUses()
    {
        var reference = Assert.Single(TriggerAuthentication()["spec"]!["secretTargetRef"]!.AsArray())!;
        var secret = Manifests.OfKind<V1Secret>("k8s").Single(s => s.Metadata.Name == reference["name"]!.GetValue<string>());

        Assert.Equal("connection", reference["parameter"]!.GetValue<string>());
        Assert.Equal("AzureWebJobsStorage", reference["key"]!.GetValue<string>());
        Assert.Contains("AzureWebJobsStorage", secret.StringData.Keys);
    }

    [Fact]
    public void WorkItemTarget_IsWhatOneWorkerRunsAtOnce()
    {
        // The per-replica target equals what one worker runs at once, so every replica KEDA adds has work to take.
        var workItems = Triggers().Single(t => t!["metadata"]!["queueName"]!.GetValue<string>().EndsWith("-workitems", StringComparison.Ordinal))!;

        Assert.Equal(
            HostJson.DurableTask["maxConcurrentActivityFunctions"]!.GetValue<int>().ToString(System.Globalization.CultureInfo.InvariantCulture),
            workItems["metadata"]!["queueLength"]!.GetValue<string>());
    }

    [Fact]
    public void HostJson_SetsAValidHubNameAndPartitionCount()
    {
        // The Azure Storage backend's rules: 3-45 letters and digits starting with a letter; 1-16 partitions.
        Assert.Matches(HubNamePattern(), HostJson.HubName);
        Assert.InRange(HostJson.PartitionCount, 1, 16);
    }

    private static void Set(JsonNode root, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        var node = root;
        foreach (var part in parts[..^1])
        {
            node = int.TryParse(part, out var index) ? node[index]! : node[part] ??= new JsonObject();
        }

        node[parts[^1]] = value;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,44}$")]
    private static partial Regex HubNamePattern();
}
