using k8s.Models;
using KubeWise.Deployment.Tests.Support;

namespace KubeWise.Deployment.Tests.K8s;

public class ManifestTests
{
    public static TheoryData<string> Kustomizations => new(Manifests.Kustomizations);

    public static TheoryData<string> KubernetesKustomizations => new(["k8s", "k8s/overlays/kind"]);

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Render_EveryObject_LoadsStrictlyAsItsTypedKubernetesModel(string kustomization)
    {
        var documents = Kustomize.Documents(kustomization);
        var typed = Manifests.Typed(kustomization);
        var keda = Manifests.Keda(kustomization);

        Assert.NotEmpty(documents);
        Assert.Equal(documents.Count, typed.Count + keda.Count);
        Assert.All(typed, o => Assert.False(string.IsNullOrEmpty(o.Metadata?.Name), $"{o.Kind} without a name"));
    }

    [Fact]
    public void StrictLoader_RejectsAMisspelledField()
    {
        // The check above is only worth something if a typo fails it.
        var misspelled = Kustomize.Documents("k8s").First(d => d.Contains("kind: Service\n", StringComparison.Ordinal))
            .Replace("targetPort:", "targetPrt:", StringComparison.Ordinal);

        Assert.ThrowsAny<Exception>(() => k8s.KubernetesYaml.LoadAllFromString(misspelled, new Dictionary<string, Type>(Manifests.TypeMap), strict: true));
    }

    [Theory]
    [MemberData(nameof(KubernetesKustomizations))]
    public void Render_HasEveryObjectKubeWiseNeeds_InItsNamespace(string kustomization)
    {
        var objects = Manifests.Typed(kustomization);
        string[] expected =
        [
            "Namespace/kubewise", "ServiceAccount/kubewise", "ClusterRole/kubewise-remediator",
            "ClusterRoleBinding/kubewise-remediator", "ConfigMap/kubewise-config", "Secret/kubewise-secrets",
            "Secret/kubewise-function-keys", "Deployment/kubewise-api", "Deployment/kubewise-workers",
            "Service/kubewise-api", "NetworkPolicy/kubewise", "NetworkPolicy/kubewise-api-ingress",
        ];

        var present = objects.Select(o => $"{o.Kind}/{o.Metadata.Name}").ToHashSet();
        Assert.All(expected, e => Assert.Contains(e, present));
        Assert.All(
            objects.Where(o => o is not (V1Namespace or V1ClusterRole or V1ClusterRoleBinding)),
            o => Assert.Equal("kubewise", o.Metadata.NamespaceProperty));
    }

    [Fact]
    public void Namespace_EnforcesTheRestrictedPodSecurityStandard()
    {
        var ns = Assert.Single(Manifests.OfKind<V1Namespace>("k8s"));
        Assert.Equal("restricted", ns.Metadata.Labels["pod-security.kubernetes.io/enforce"]);
    }

    [Fact]
    public void KindOverlay_AddsMongoDbAndAzurite_AndWiresThemIntoTheSecret()
    {
        var objects = Manifests.Typed("k8s/overlays/kind");
        var secret = objects.OfType<V1Secret>().Single(s => s.Metadata.Name == "kubewise-secrets");

        Assert.Contains(objects, o => o is V1StatefulSet { Metadata.Name: "kubewise-mongodb" });
        Assert.Contains(objects, o => o is V1Deployment { Metadata.Name: "kubewise-azurite" });
        Assert.StartsWith("mongodb://kubewise-mongodb-0.kubewise-mongodb:27017", secret.StringData["MONGODB_ATLAS_URI"], StringComparison.Ordinal);
        // KEDA reads this key too and cannot parse the development shorthand.
        Assert.DoesNotContain("UseDevelopmentStorage", secret.StringData["AzureWebJobsStorage"], StringComparison.Ordinal);
        Assert.Contains("QueueEndpoint=http://kubewise-azurite.kubewise.svc:10001/", secret.StringData["AzureWebJobsStorage"], StringComparison.Ordinal);
        Assert.All(
            objects.OfType<V1Deployment>().Where(d => d.Metadata.Name is "kubewise-api" or "kubewise-workers"),
            d => Assert.Equal("kubewise:dev", d.Spec.Template.Spec.Containers.Single().Image));
    }

    [Fact]
    public void Service_SelectsTheApiPods_OnANamedContainerPort()
    {
        var objects = Manifests.Typed("k8s");
        var service = objects.OfType<V1Service>().Single(s => s.Metadata.Name == "kubewise-api");
        var api = objects.OfType<V1Deployment>().Single(d => d.Metadata.Name == "kubewise-api");

        Assert.All(service.Spec.Selector, kv => Assert.Equal(kv.Value, api.Spec.Template.Metadata.Labels[kv.Key]));
        var targetPort = Assert.Single(service.Spec.Ports).TargetPort.Value;
        Assert.Contains(api.Spec.Template.Spec.Containers.Single().Ports, p => p.Name == targetPort);
    }

    [Theory]
    [MemberData(nameof(KubernetesKustomizations))]
    public void Workloads_ReferenceOnlyConfigMapsSecretsAndAccountsThatExist(string kustomization)
    {
        var objects = Manifests.Typed(kustomization);
        var configMaps = objects.OfType<V1ConfigMap>().Select(c => c.Metadata.Name).ToHashSet();
        var secrets = objects.OfType<V1Secret>().Select(s => s.Metadata.Name).ToHashSet();
        var accounts = objects.OfType<V1ServiceAccount>().Select(s => s.Metadata.Name).ToHashSet();

        foreach (var (owner, spec) in Manifests.PodSpecs(kustomization))
        {
            if (spec.ServiceAccountName is { } account)
            {
                Assert.True(accounts.Contains(account), $"{owner} uses missing ServiceAccount {account}");
            }

            foreach (var container in spec.Containers)
            {
                foreach (var from in container.EnvFrom ?? [])
                {
                    Assert.True(from.ConfigMapRef is null || configMaps.Contains(from.ConfigMapRef.Name), $"{owner}: missing ConfigMap {from.ConfigMapRef?.Name}");
                    Assert.True(from.SecretRef is null || secrets.Contains(from.SecretRef.Name), $"{owner}: missing Secret {from.SecretRef?.Name}");
                }
            }
        }
    }
}
