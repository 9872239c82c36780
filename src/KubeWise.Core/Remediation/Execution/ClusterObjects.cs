using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeWise.Core.Kubernetes;
using KubeWise.Core.Remediation.Catalog;

namespace KubeWise.Core.Remediation.Execution;

/// <summary>
/// Reads and patches the kinds KubeWise changes through the typed client, as JSON (the form validation compares
/// and rollback restores). Every API error becomes a <see cref="KubernetesApiException"/> carrying the server's Status.
/// </summary>
public static class ClusterObjects
{
    public const string DryRunAll = "All";

    public static string? DryRun(bool dryRun) => dryRun ? DryRunAll : null;

    /// <summary>The apiVersion of the kinds KubeWise changes, for Event references.</summary>
    public static string ApiVersion(string kind) => kind switch
    {
        KubernetesKinds.Deployment or KubernetesKinds.StatefulSet or KubernetesKinds.DaemonSet or KubernetesKinds.ReplicaSet => "apps/v1",
        _ => "v1",
    };

    public static async Task<JsonObject> ReadAsync(IKubernetes client, ObjectReference target, CancellationToken ct)
    {
        object item = target.Kind switch
        {
            "Deployment" => await Call(() => client.AppsV1.ReadNamespacedDeploymentAsync(target.Name, target.Namespace, cancellationToken: ct)).ConfigureAwait(false),
            "StatefulSet" => await Call(() => client.AppsV1.ReadNamespacedStatefulSetAsync(target.Name, target.Namespace, cancellationToken: ct)).ConfigureAwait(false),
            "DaemonSet" => await Call(() => client.AppsV1.ReadNamespacedDaemonSetAsync(target.Name, target.Namespace, cancellationToken: ct)).ConfigureAwait(false),
            "ReplicaSet" => await Call(() => client.AppsV1.ReadNamespacedReplicaSetAsync(target.Name, target.Namespace, cancellationToken: ct)).ConfigureAwait(false),
            "Pod" => await Call(() => client.CoreV1.ReadNamespacedPodAsync(target.Name, target.Namespace, cancellationToken: ct)).ConfigureAwait(false),
            "Node" => await Call(() => client.CoreV1.ReadNodeAsync(target.Name, cancellationToken: ct)).ConfigureAwait(false),
            _ => throw new ArgumentException($"KubeWise does not change objects of kind {target.Kind}.", nameof(target)),
        };
        return ToJson(item);
    }

    /// <summary>Reads the object, or null when it does not exist.</summary>
    public static async Task<JsonObject?> FindAsync(IKubernetes client, ObjectReference target, CancellationToken ct)
    {
        try
        {
            return await ReadAsync(client, target, ct).ConfigureAwait(false);
        }
        catch (KubernetesApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    public static async Task<JsonObject> PatchAsync(IKubernetes client, ObjectReference target, JsonNode patch, V1Patch.PatchType type, bool dryRun, CancellationToken ct)
    {
        var body = new V1Patch(patch.ToJsonString(), type);
        var dry = DryRun(dryRun);
        object item = target.Kind switch
        {
            "Deployment" => await Call(() => client.AppsV1.PatchNamespacedDeploymentAsync(body, target.Name, target.Namespace, dryRun: dry, cancellationToken: ct)).ConfigureAwait(false),
            "StatefulSet" => await Call(() => client.AppsV1.PatchNamespacedStatefulSetAsync(body, target.Name, target.Namespace, dryRun: dry, cancellationToken: ct)).ConfigureAwait(false),
            "DaemonSet" => await Call(() => client.AppsV1.PatchNamespacedDaemonSetAsync(body, target.Name, target.Namespace, dryRun: dry, cancellationToken: ct)).ConfigureAwait(false),
            "Pod" => await Call(() => client.CoreV1.PatchNamespacedPodAsync(body, target.Name, target.Namespace, dryRun: dry, cancellationToken: ct)).ConfigureAwait(false),
            "Node" => await Call(() => client.CoreV1.PatchNodeAsync(body, target.Name, dryRun: dry, cancellationToken: ct)).ConfigureAwait(false),
            _ => throw new ArgumentException($"KubeWise does not change objects of kind {target.Kind}.", nameof(target)),
        };
        return ToJson(item);
    }

    public static async Task<T> Call<T>(Func<Task<T>> request)
    {
        try
        {
            return await request().ConfigureAwait(false);
        }
        catch (HttpOperationException e)
        {
            throw KubernetesApiException.From(e);
        }
    }

    public static JsonObject ToJson(object item) => JsonNode.Parse(KubernetesJson.Serialize(item))!.AsObject();

    public static string Uid(JsonObject item) => item["metadata"]?["uid"]?.GetValue<string>() ?? "";

    public static string? ResourceVersion(JsonObject item) => item["metadata"]?["resourceVersion"]?.GetValue<string>();

    public static long? Generation(JsonObject item) =>
        item["metadata"]?["generation"] is JsonValue v && long.TryParse(v.ToJsonString(), out var g) ? g : null;

    public static string? Annotation(JsonObject item, string key) =>
        item["metadata"]?["annotations"]?[key]?.GetValue<string>();

    /// <summary>The metadata part of a strategic-merge/merge patch: the marker annotation and the resourceVersion precondition.</summary>
    public static JsonObject MarkedMetadata(JsonObject live, string marker) => new()
    {
        ["resourceVersion"] = ResourceVersion(live),
        ["annotations"] = new JsonObject { [KubeWiseAnnotations.Applied] = marker },
    };
}
