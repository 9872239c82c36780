using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace KubeWise.Deployment.Tests.Support;

/// <summary>The rendered kustomizations, as KubernetesClient's typed objects and as JSON for CRD-backed kinds.</summary>
public static class Manifests
{
    /// <summary>Every kustomization a user applies: production base, the kind try-out, and KEDA's objects.</summary>
    public static readonly string[] Kustomizations = ["k8s", "k8s/overlays/kind", "keda"];

    public const string KedaGroup = "keda.sh/";

    /// <summary>The kinds KubeWise ships; anything else in k8s/ is a mistake the loader reports.</summary>
    public static readonly IReadOnlyDictionary<string, Type> TypeMap = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        ["v1/Namespace"] = typeof(V1Namespace),
        ["v1/ServiceAccount"] = typeof(V1ServiceAccount),
        ["v1/ConfigMap"] = typeof(V1ConfigMap),
        ["v1/Secret"] = typeof(V1Secret),
        ["v1/Service"] = typeof(V1Service),
        ["apps/v1/Deployment"] = typeof(V1Deployment),
        ["apps/v1/StatefulSet"] = typeof(V1StatefulSet),
        ["rbac.authorization.k8s.io/v1/ClusterRole"] = typeof(V1ClusterRole),
        ["rbac.authorization.k8s.io/v1/ClusterRoleBinding"] = typeof(V1ClusterRoleBinding),
        ["rbac.authorization.k8s.io/v1/Role"] = typeof(V1Role),
        ["rbac.authorization.k8s.io/v1/RoleBinding"] = typeof(V1RoleBinding),
        ["networking.k8s.io/v1/NetworkPolicy"] = typeof(V1NetworkPolicy),
    };

    /// <summary>Every non-KEDA object of <paramref name="kustomization"/>, loaded strictly (an unknown field is an error).</summary>
    public static IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Typed(string kustomization)
    {
        var documents = Kustomize.Documents(kustomization)
            .Where(d => !IsKeda(d))
            .ToList();
        if (documents.Count == 0)
        {
            return [];
        }

        return KubernetesYaml.LoadAllFromString(string.Join("\n---\n", documents), new Dictionary<string, Type>(TypeMap), strict: true)
            .Cast<IKubernetesObject<V1ObjectMeta>>()
            .ToList();
    }

    public static IEnumerable<T> OfKind<T>(string kustomization) => Typed(kustomization).OfType<T>();

    /// <summary>The KEDA objects of <paramref name="kustomization"/> as JSON.</summary>
    public static IReadOnlyList<JsonObject> Keda(string kustomization) =>
        Kustomize.Documents(kustomization)
            .Where(IsKeda)
            .Select(d => YamlJson.Parse(d)!.AsObject())
            .ToList();

    private static bool IsKeda(string document) =>
        document.Contains("apiVersion: " + KedaGroup, StringComparison.Ordinal);

    /// <summary>Every pod template (Deployments and StatefulSets) with its owner's name.</summary>
    public static IEnumerable<(string Owner, V1PodSpec Spec)> PodSpecs(string kustomization) =>
        Typed(kustomization).SelectMany<IKubernetesObject<V1ObjectMeta>, (string, V1PodSpec)>(o => o switch
        {
            V1Deployment d => [($"Deployment/{d.Metadata.Name}", d.Spec.Template.Spec)],
            V1StatefulSet s => [($"StatefulSet/{s.Metadata.Name}", s.Spec.Template.Spec)],
            _ => [],
        });
}
