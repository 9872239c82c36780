using System.Text.Json.Nodes;
using KubeWise.Testing;

namespace KubeWise.Deployment.Tests.Support;

/// <summary>The settings of host.json that the manifests must agree with.</summary>
public static class HostJson
{
    public static JsonNode Root => JsonNode.Parse(File.ReadAllText(RepositoryPaths.Combine("host.json")))!;

    public static JsonNode DurableTask => Root["extensions"]!["durableTask"]!;

    public static string HubName => DurableTask["hubName"]!.GetValue<string>();

    public static int PartitionCount => DurableTask["storageProvider"]!["partitionCount"]!.GetValue<int>();

    /// <summary>The Azure Storage queues of the task hub: the backend lower-cases the hub name.</summary>
    public static IReadOnlyList<string> TaskHubQueues(string hubName, int partitionCount) =>
        [
            .. Enumerable.Range(0, partitionCount).Select(i => $"{hubName.ToLowerInvariant()}-control-{i:00}"),
            $"{hubName.ToLowerInvariant()}-workitems",
        ];
}
